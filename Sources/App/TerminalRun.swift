#if canImport(Glibc)
import Glibc
#endif
import CPosix
import Runtime
import RolloutUI
import Terminal

/// Why the view could not open; one line for the user (exit 2).
public enum TerminalRunError: Error, Sendable, CustomStringConvertible {
    case notATerminal
    case unusableTerminal(String)

    public var description: String {
        switch self {
        case .notATerminal: return "the view needs a terminal; without one use rollwatch report or rollwatch record"
        case .unusableTerminal(let reason): return reason
        }
    }
}

/// Runs the terminal view over a source until `q` or a signal, and always leaves
/// the terminal as it found it. Signals are caught before curses starts, so
/// ncurses installs none of its own and every ending takes the same path.
public struct TerminalRun {
    public let theme: Theme
    public let monochrome: Bool
    /// ASCII glyphs asked for (`--ascii`); a locale that is not UTF-8 gets them anyway.
    public let asciiOnly: Bool
    public let session: SessionInfo

    public init(theme: Theme, monochrome: Bool, asciiOnly: Bool, session: SessionInfo) {
        self.theme = theme
        self.monochrome = monochrome
        self.asciiOnly = asciiOnly
        self.session = session
    }

    /// Whether stdin and stdout are a terminal the view can take.
    public static func requireTerminal() throws(TerminalRunError) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
    }

    /// - Parameter starting: called once the view is up (the live session starts its streams here).
    public func run(_ source: ViewSource, loop: RunLoop, starting: () -> Void = {}, finishing: () -> Void = {}) throws(TerminalRunError) {
        try Self.requireTerminal()
        let utf8 = TerminalLocale.adoptUserLocale()
        let glyphs: Glyphs = asciiOnly || !utf8 ? .ascii : .unicode
        var app: TerminalApp?
        let signals = SignalSource { signal in app?.handle(signal: signal) }
        loop.add(signals)
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: theme, monochrome: monochrome)
        } catch let error as TerminalError {
            throw .unusableTerminal(error.description)
        } catch {
            throw .unusableTerminal("\(error)")
        }
        rw_forward_signal(SIGWINCH)
        app = TerminalApp(terminal: terminal, source: source, session: session, glyphs: glyphs, loop: loop)
        starting()
        app?.render(now: .now())
        loop.run()
        terminal.restore()
        // The session ends (kubectl stopped, the recording closed) before the terminal's
        // last bytes are waited for: on a slow or stalled link that wait is up to a second.
        finishing()
        terminal.drain(within: 1)
    }
}
