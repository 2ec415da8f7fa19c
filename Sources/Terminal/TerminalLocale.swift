import CNcurses

/// Terminal set-up facts that must hold before ncurses starts; the terminal
/// backend (setup, restore, colour pairs, diff flush) builds on this.
public enum TerminalLocale {
    /// Adopts the user's locale so ncursesw can draw UTF-8; returns whether it is UTF-8.
    @discardableResult
    public static func adoptUserLocale() -> Bool {
        guard let name = setlocale(LC_ALL, "") else { return false }
        let locale = String(cString: name).lowercased()
        return locale.contains("utf-8") || locale.contains("utf8")
    }
}
