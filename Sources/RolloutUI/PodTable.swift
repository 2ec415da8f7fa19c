import KubeModel
import RolloutCore

/// Draws the pod table with its column header and group titles, keeping the
/// selected row in view. Only the lines on screen are made into rows. Returns the
/// scroll offset it used.
struct PodTable {
    let groups: PodGroups
    /// The selected pod's serial.
    let selected: Int?
    let input: ViewInput

    private enum Item {
        case title(PodGroups.Group)
        case row(Int)
    }

    /// The item on line `index` of the table (titles count as lines).
    private func item(at index: Int) -> Item? {
        var first = 0
        for group in groups.groups {
            if index == first { return .title(group) }
            if index <= first + group.members.count { return .row(group.members[index - first - 1]) }
            first += group.members.count + 1
        }
        return nil
    }

    /// The line of the selected pod's row, if it is in the table.
    private func line(of serial: Int?) -> Int? {
        guard let serial, var position = groups.position(of: serial) else { return nil }
        // Past each group's members there is the next group's title line.
        var line = 0
        for group in groups.groups {
            if position < group.members.count { return line + 1 + position }
            position -= group.members.count
            line += group.members.count + 1
        }
        return nil
    }

    func draw(into screen: inout Screen, in area: Rect, scroll: Int) -> Int {
        let columns = Columns.fitting(width: area.width, longestName: groups.isEmpty ? 12 : groups.longestName,
                                      mostContainers: groups.mostContainers)

        screen.fill(x: area.x, y: area.y, width: area.width, height: 1, role: .title)
        screen.draw(columns.header(), x: area.x, y: area.y, width: area.width)

        let lineCount = groups.lineCount
        let visible = area.height - 1
        let selectedIndex = line(of: selected) ?? 0
        var offset = min(max(0, scroll), max(0, lineCount - visible))
        if selectedIndex < offset { offset = max(0, selectedIndex - 1) }
        if selectedIndex >= offset + visible { offset = selectedIndex - visible + 1 }
        if groups.isEmpty {
            let message = input.view.filter.isEmpty ? "Waiting for pods…" : "No pod matches \"\(input.view.filter)\"."
            screen.put(message, x: area.x + 2, y: area.y + 2, role: .dim)
        }
        for index in offset..<min(lineCount, offset + visible) {
            let y = area.y + 1 + index - offset
            switch item(at: index) {
            case .title(let group): drawTitle(group, into: &screen, x: area.x, y: y, width: area.width)
            case .row(let serial):
                let isSelected = serial == selected
                screen.draw(columns.line(for: groups.row(serial), glyphs: input.glyphs, selected: isSelected), x: area.x, y: y, width: area.width)
                if isSelected {
                    // The bar keeps each glyph's colour and repaints only plain text.
                    for x in area.x..<area.x + area.width where [.text, .dim].contains(screen[x, y].role) {
                        screen.paint(x: x, y: y, width: 1, role: .selection)
                    }
                }
            case nil: break
            }
        }
        return offset
    }

    private func drawTitle(_ group: PodGroups.Group, into screen: inout Screen, x: Int, y: Int, width: Int) {
        let name: String
        let role: Role
        switch group.revision {
        case .new: (name, role) = ("new revision", .revisionNew)
        case .old: (name, role) = ("old revision", .revisionOld)
        case .unknown: (name, role) = ("pods", .title)
        }
        let ready = group.running
        let live = group.live
        let horizontal = String(input.glyphs.horizontal)
        let label = "\(horizontal)\(horizontal) \(name) · \(ready)/\(live) ready "
        let end = screen.put(label, x: x, y: y, role: role)
        screen.put(String(repeating: horizontal, count: max(0, width - (end - x))), x: end, y: y, role: .border)
    }

    /// The table's columns, left to right: the one list that the width sum, the header and every
    /// row are made from, so none of them can disagree with another about where a column is.
    struct Columns {
        enum Kind { case marker, name, phase, containers, endpoint, gate, restarts, age, hazard }

        struct Column {
            let kind: Kind
            /// Columns on screen, the separating space(s) the row draws included.
            let width: Int
            /// Padded to `width`, starting where the column's text does: past the
            /// separating space a cell begins with, and right-aligned over right-aligned
            /// numbers (so "   AGE" over " 12m3s").
            let header: String
        }

        /// Text columns of a phase ("Running", "Terminating" cut to 10).
        static let phaseWidth = 10
        /// Columns left unused at the right edge. The sum this list replaced counted three more
        /// than a row draws; they are kept as a margin so every frame stays as it was.
        static let rightMargin = 3

        /// Text columns of the name, of the container marks, and of the hazard column.
        let name: Int
        let containers: Int
        let hazard: Int
        /// Every column, left to right; one of width 0 (no room for the hazard) is not shown.
        let all: [Column]

        init(name: Int, containers: Int, hazard: Int) {
            self.name = name
            self.containers = containers
            self.hazard = hazard
            all = [
                Column(kind: .marker, width: 3, header: ""),
                Column(kind: .name, width: name + 1, header: "POD"),
                Column(kind: .phase, width: Self.phaseWidth + 1, header: "PHASE"),
                Column(kind: .containers, width: containers + 1, header: "CTRS"),
                Column(kind: .endpoint, width: 4, header: "EP"),
                Column(kind: .gate, width: 4, header: " NEG"),
                Column(kind: .restarts, width: 4, header: " RST"),
                Column(kind: .age, width: 6, header: "   AGE"),
                Column(kind: .hazard, width: hazard, header: " HAZARD"),
            ]
        }

        /// Widths for a table `width` columns wide: up to 10 container marks, the name as wide
        /// as the longest (12 to 40, leaving 10 for the hazard first), the hazard what is left.
        static func fitting(width: Int, longestName: Int, mostContainers: Int) -> Columns {
            let containers = max(4, min(10, mostContainers))
            // Everything but the name's text and the hazard, summed from the list itself.
            let fixed = Columns(name: 0, containers: containers, hazard: 0).all.reduce(0) { $0 + $1.width }
            let room = width - fixed - rightMargin
            let name = max(12, min(longestName, 40, room - 10))
            return Columns(name: name, containers: containers, hazard: max(0, room - name))
        }

        private var shown: [Column] { all.filter { $0.width > 0 } }

        func header() -> Line {
            let shown = shown
            var text = ""
            for (index, column) in shown.enumerated() {
                text += index == shown.count - 1 ? column.header : Format.pad(column.header, column.width)
            }
            return [Segment(text, .title)]
        }

        func line(for row: PodRow, glyphs: Glyphs, selected: Bool) -> Line {
            let shown = shown
            var line: Line = []
            for (index, column) in shown.enumerated() {
                let cells = cells(column.kind, for: row, glyphs: glyphs, selected: selected)
                line += cells
                // A column that came out short is filled, so the next starts where its header
                // does. One that came out long (a restart count past 999) is not cut: it
                // pushes the rest of its row rather than hide digits. The last needs neither.
                let drawn = cells.reduce(0) { $0 + DisplayWidth.of($1.text) }
                if index < shown.count - 1, drawn < column.width {
                    line.append(Segment(String(repeating: " ", count: column.width - drawn), .text))
                }
            }
            return line
        }

        /// What `row` shows in one column, its separating space(s) included.
        private func cells(_ kind: Kind, for row: PodRow, glyphs: Glyphs, selected: Bool) -> Line {
            switch kind {
            case .marker:
                if let hazard = row.hazard {
                    return [Segment(Format.pad(hazard.severity.glyph(glyphs), 2), hazard.severity.shadeRole), Segment(" ", .text)]
                }
                return [Segment(selected ? String(glyphs.selectionMarker) + "  " : "   ", .text)]
            case .name:
                return [Segment(Format.pad(String(row.name.prefix(name)), name) + " ", row.phase == "Gone" ? .dim : .text)]
            case .phase:
                return [Segment(Format.pad(String(row.phase.prefix(Self.phaseWidth)), Self.phaseWidth) + " ", row.phaseRole)]
            case .containers:
                var marks: Line = row.containers.prefix(containers).map { Segment($0.glyph, $0.role) }
                marks.append(Segment(String(repeating: " ", count: max(0, containers - row.containers.count)) + " ", .text))
                return marks
            case .endpoint:
                return [Segment(row.endpoint.glyph, row.endpoint.role),
                        Segment(Format.pad(row.otherServices > 0 ? "+\(row.otherServices)" : "", 3), .dim)]
            case .gate:
                return [Segment(" " + Format.pad(row.gate.glyph, 3), row.gate.role)]
            case .restarts:
                let restarts = row.restarts == 0 ? "  ·" : String(repeating: " ", count: max(0, 3 - String(row.restarts).count)) + String(row.restarts)
                return [Segment(" " + restarts, row.restarts == 0 ? .dim : .warning)]
            case .age:
                let age = Format.age(row.ageSeconds)
                return [Segment(" " + String(repeating: " ", count: max(0, 5 - age.count)) + age, .dim)]
            case .hazard:
                if let open = row.hazard {
                    return [Segment(" " + String(open.rule.rawValue.prefix(hazard - 1)), open.severity.role)]
                }
                if let past = row.worstFinding {
                    return [Segment(" " + String((past.rule.rawValue + " (ended)").prefix(hazard - 1)), .dim)]
                }
                return []
            }
        }
    }
}
