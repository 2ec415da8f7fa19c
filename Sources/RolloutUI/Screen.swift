/// One cell of the screen: a character and the role it is drawn in. A wide
/// character's second column holds a continuation cell.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var role: Role
    /// The right half of a wide character: drawn by its left neighbour.
    public var isContinuation: Bool

    public init(_ character: Character = " ", role: Role = .text, isContinuation: Bool = false) {
        self.character = character
        self.role = role
        self.isContinuation = isContinuation
    }
}

/// The frame as a grid of cells, with no terminal behind it: widgets draw here,
/// tests compare its planes, and the curses backend copies what changed.
public struct Screen: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes `text` from column `x` on row `y`, clipped to `limit` columns (and the
    /// screen); returns the column after the last one written. Control characters
    /// never reach a cell: they are drawn as `?`, and bidi controls are dropped
    /// (strings are made safe where they enter, this is the last line of defence).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var column = x
        for character in text {
            let scalar = character.unicodeScalars.first!
            // A bidi control would reorder what follows it on the line.
            if Screen.isBidiControl(scalar) { continue }
            let safe: Character = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : character
            let columns = DisplayWidth.of(safe)
            if columns == 0 { continue }
            if column + columns > end { break }
            if column >= 0 {
                cells[y * width + column] = Cell(safe, role: role)
                if columns == 2 { cells[y * width + column + 1] = Cell(" ", role: role, isContinuation: true) }
            }
            column += columns
        }
        return column
    }

    /// Embeddings and overrides (U+202A–202E), isolates (U+2066–2069), the LRM/RLM
    /// marks (U+200E, U+200F) and the Arabic letter mark (U+061C).
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    /// Fills a rectangle with one character in one role.
    public mutating func fill(x: Int, y: Int, width fillWidth: Int, height fillHeight: Int, _ character: Character = " ", role: Role) {
        for row in max(0, y)..<min(height, y + fillHeight) {
            for column in max(0, x)..<min(width, x + fillWidth) {
                cells[row * width + column] = Cell(character, role: role)
            }
        }
    }

    /// Changes the role of a span without touching its characters (selection bars, shading).
    public mutating func paint(x: Int, y: Int, width spanWidth: Int, role: Role) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + spanWidth) {
            cells[y * width + column].role = role
        }
    }

    /// One row as text (continuations skipped), for snapshots and tmux comparisons.
    public func line(_ y: Int) -> String {
        var text = ""
        for x in 0..<width where !self[x, y].isContinuation {
            text.append(self[x, y].character)
        }
        return text
    }

    /// The character plane: every row, trailing spaces kept, joined by newlines.
    public var characterPlane: String {
        (0..<height).map(line).joined(separator: "\n")
    }

    /// The role plane: one letter per cell, from `legend` (roles not in it print `.`).
    public func rolePlane(_ legend: [Role: Character]) -> String {
        (0..<height).map { y in
            String((0..<width).map { x in legend[self[x, y].role] ?? "." })
        }.joined(separator: "\n")
    }

    /// A run of cells on one row sharing a role: what a backend draws in one call.
    public struct Run: Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var text: String
        public var role: Role
    }

    /// The runs of row `y`.
    public func runs(of y: Int) -> [Run] {
        var runs: [Run] = []
        for x in 0..<width {
            let cell = self[x, y]
            if cell.isContinuation { continue }
            if let last = runs.last, last.role == cell.role {
                runs[runs.count - 1].text.append(cell.character)
            } else {
                runs.append(Run(x: x, y: y, text: String(cell.character), role: cell.role))
            }
        }
        return runs
    }

    /// Rows that differ from `previous` (all of them when the size changed).
    public func changedRows(since previous: Screen?) -> [Int] {
        guard let previous, previous.width == width, previous.height == height else { return Array(0..<height) }
        return (0..<height).filter { y in
            let start = y * width
            return cells[start..<start + width] != previous.cells[start..<start + width]
        }
    }
}
