#if canImport(Glibc)
import Glibc
#endif
import CNcurses
import CPosix
import RolloutUI

public struct TerminalError: Error, CustomStringConvertible {
    public var description: String
}

/// The terminal, through ncurses: the one place that sets it up, draws to it and
/// restores it. Setup saves the shell's tty modes and arms a crash path that
/// restores them (and leaves the alternate screen) even when Swift traps; `restore`
/// is reached from quit, errors and signals alike and is safe to call twice.
/// ncurses draws into a `TerminalLink`, never straight to the tty, so a stalled
/// or slow terminal never blocks the caller: while a frame's bytes wait for the
/// tty, `draw` draws nothing (that frame is dropped), and the next one is drawn whole.
public final class CursesTerminal {
    public private(set) var width = 0
    public private(set) var height = 0
    public let depth: ColorDepth
    private var attributesByRole: [Role: attr_t] = [:]
    private var previous: Screen?
    private var screen: OpaquePointer?
    private var restored = false
    private let link: TerminalLink

    /// - Parameter monochrome: no colours even when the terminal has them (`--no-color`, `NO_COLOR`).
    public init(theme: Theme, monochrome: Bool) throws {
        rw_save_terminal_modes(0)
        link = try TerminalLink(tty: 1)
        guard let screen = rw_newterm_on(link.captureDescriptor) else {
            throw TerminalError(description: "cannot use this terminal (TERM=\(CursesTerminal.environment("TERM") ?? "unset")); try TERM=xterm-256color")
        }
        self.screen = screen
        // ncurses' own cbreak()/noecho() below reach the memory file, not the tty.
        _ = rw_enter_view_modes(0)
        let reset = String(cString: rw_terminfo_string("rmcup")) + String(cString: rw_terminfo_string("cnorm"))
            + String(cString: rw_terminfo_string("sgr0"))
        rw_install_crash_restore(reset, link.ttyDescriptor)
        cbreak()
        noecho()
        nonl()
        intrflush(rw_stdscr(), false)
        keypad(rw_stdscr(), true)
        nodelay(rw_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if !monochrome, has_colors() {
            start_color()
            use_default_colors()
            depth = ColorDepth(colors: Int(rw_colors()))
        } else {
            depth = .mono
        }
        apply(theme)
        updateSize()
    }

    deinit {
        restore()
    }

    /// Colour pairs and attributes for every role, at this terminal's depth.
    public func apply(_ theme: Theme) {
        attributesByRole = [:]
        for (index, role) in Role.allCases.enumerated() {
            let style = theme.style(role)
            var attributes = rw_a_normal()
            for attribute in style.attributes {
                switch attribute {
                case .bold: attributes |= rw_a_bold()
                case .dim: attributes |= rw_a_dim()
                case .reverse: attributes |= rw_a_reverse()
                case .underline: attributes |= rw_a_underline()
                }
            }
            if depth != .mono, style.foreground != nil || style.background != nil, index + 1 < Int(rw_color_pairs()) {
                let foreground = style.foreground?.index(at: depth) ?? -1
                let background = style.background?.index(at: depth) ?? -1
                init_pair(Int16(index + 1), Int16(foreground), Int16(background))
                attributes |= rw_color_pair(Int32(index + 1))
            }
            attributesByRole[role] = attributes
        }
        previous = nil
    }

    /// Re-reads the window size after SIGWINCH; the next draw repaints everything.
    public func updateSize() {
        var rows: Int32 = 0
        var columns: Int32 = 0
        if rw_terminal_size(1, &rows, &columns) == 0, rows > 0, columns > 0 {
            resizeterm(rows, columns)
        }
        rw_getmaxyx(rw_stdscr(), &rows, &columns)
        height = Int(rows)
        width = Int(columns)
        previous = nil
        clearok(rw_stdscr(), true)
    }

    /// The tty descriptor to wait on for POLLOUT while `isBacklogged`.
    public var outputDescriptor: Int32 { link.ttyDescriptor }

    /// Whether the last frame's bytes still wait for the tty (then `draw` draws nothing).
    public var isBacklogged: Bool { link.isBacklogged }

    /// Writes what waits for the tty, as far as it takes it; returns whether nothing waits.
    @discardableResult
    public func flushBacklog() -> Bool {
        link.flush()
    }

    /// Draws the rows that changed since the last frame and sends them; returns
    /// false, drawing nothing, while the previous frame still waits for the tty.
    @discardableResult
    public func draw(_ frame: Screen) -> Bool {
        guard !restored else { return false }
        if link.isBacklogged, !link.flush() { return false }
        for y in frame.changedRows(since: previous) {
            for run in frame.runs(of: y) {
                attrset(Int32(bitPattern: attributesByRole[run.role] ?? rw_a_normal()))
                var text = run.text
                // The bottom-right cell would scroll the screen: leave it blank.
                if y == frame.height - 1, run.x + DisplayWidth.of(text) >= frame.width { text = String(text.dropLast()) }
                _ = mvaddstr(Int32(y), Int32(run.x), text)
            }
        }
        previous = frame
        refresh()
        link.send()
        return true
    }

    /// Every key waiting on stdin, without blocking. `resized` is set when ncurses saw a resize.
    public func readKeys(resized: inout Bool) -> [Key] {
        var keys: [Key] = []
        var character: wint_t = 0
        while true {
            let result = wget_wch(rw_stdscr(), &character)
            if result == ERR { break }
            if result == KEY_CODE_YES {
                switch Int32(character) {
                case KEY_UP: keys.append(.up)
                case KEY_DOWN: keys.append(.down)
                case KEY_LEFT: keys.append(.left)
                case KEY_RIGHT: keys.append(.right)
                case KEY_NPAGE: keys.append(.pageDown)
                case KEY_PPAGE: keys.append(.pageUp)
                case KEY_HOME: keys.append(.home)
                case KEY_END: keys.append(.end)
                case KEY_ENTER: keys.append(.enter)
                case KEY_BACKSPACE: keys.append(.backspace)
                case rw_key_resize(): resized = true
                default: break
                }
                continue
            }
            switch character {
            case 27: keys.append(.escape)
            case 10, 13: keys.append(.enter)
            case 8, 127: keys.append(.backspace)
            case 9: keys.append(.tab)
            default:
                if let scalar = Unicode.Scalar(UInt32(character)), character >= 32 { keys.append(.character(Character(scalar))) }
            }
        }
        return keys
    }

    /// Leaves curses: the shell's modes, the normal screen, a visible cursor. It
    /// never waits for the tty: the last bytes (the normal screen's among them) are
    /// queued and sent as far as the tty takes them; `drain` gives them time.
    public func restore() {
        guard !restored else { return }
        restored = true
        endwin()
        link.send()
        rw_disarm_crash_reset()
        rw_restore_terminal_modes()
        if let screen { delscreen(screen) }
        screen = nil
    }

    /// After `restore`: waits up to `seconds` for the tty to take the last bytes, and
    /// gives up after that rather than hang on a link that carries nothing.
    public func drain(within seconds: Double) {
        link.drain(within: seconds)
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
