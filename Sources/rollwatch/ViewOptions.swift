import App
import ArgumentParser
import RolloutUI
#if canImport(Glibc)
import Glibc
#endif

/// How the terminal view looks: theme, colour and glyphs.
struct ViewOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Theme name or path to a theme JSON file (default: ROLLWATCH_THEME, else default). See rollwatch themes.", valueName: "name|path"))
    var theme: String?

    @Flag(name: .customLong("no-color"), help: "No colours, attributes only (NO_COLOR does the same).")
    var noColor = false

    @Flag(help: "ASCII glyphs only (chosen by itself when the locale is not UTF-8).")
    var ascii = false

    var monochrome: Bool { noColor || environment("NO_COLOR") != nil }

    /// The view for `session`, checked before anything else runs: a terminal first, then the theme.
    func terminalRun(session: SessionInfo) throws -> TerminalRun {
        do {
            try TerminalRun.requireTerminal()
        } catch {
            throw Failure.usage(error.description)
        }
        return TerminalRun(theme: try loadTheme(), monochrome: monochrome, asciiOnly: ascii, session: session)
    }

    func loadTheme() throws -> Theme {
        let catalog = ThemeCatalog(environment: environment)
        let name = theme ?? environment("ROLLWATCH_THEME") ?? (monochrome ? "mono" : ThemeCatalog.defaultName)
        do {
            return try catalog.load(name)
        } catch {
            throw Failure.usage("theme: \(error.description)")
        }
    }
}

func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
}

extension TerminalRun {
    /// Runs the view, its failure to open as one line (exit 2).
    func showing(_ body: (TerminalRun) throws -> Void) throws {
        do {
            try body(self)
        } catch let error as TerminalRunError {
            throw Failure.usage(error.description)
        }
    }
}
