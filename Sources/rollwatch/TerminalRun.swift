#if canImport(Glibc)
import Glibc
#endif
import CPosix
import Runtime
import RolloutUI
import Terminal

/// Runs the terminal view over a source until `q` or a signal, and always leaves
/// the terminal as it found it. Signals are caught before curses starts, so
/// ncurses installs none of its own and every ending takes the same path.
struct TerminalRun {
    let view: ViewOptions
    let session: SessionInfo

    /// - Parameter starting: called once the view is up (the live session starts its streams here).
    func run(_ source: ViewSource, loop: RunLoop, starting: () -> Void = {}, finishing: () -> Void = {}) throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw Failure.usage("the view needs a terminal; without one use rollwatch report or rollwatch record")
        }
        let theme = try view.loadTheme()
        let utf8 = TerminalLocale.adoptUserLocale()
        let glyphs: Glyphs = view.ascii || !utf8 ? .ascii : .unicode
        var app: TerminalApp?
        let signals = SignalSource { signal in app?.handle(signal: signal) }
        loop.add(signals)
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: theme, monochrome: view.monochrome)
        } catch let error as TerminalError {
            throw Failure.usage(error.description)
        }
        rw_forward_signal(SIGWINCH)
        app = TerminalApp(terminal: terminal, source: source, session: session, glyphs: glyphs, loop: loop)
        starting()
        app?.render(now: .now())
        loop.run()
        terminal.restore()
        if let failure = loop.failure { printError("rollwatch: the run loop stopped: poll: \(failure)") }
        finishing()
    }
}
