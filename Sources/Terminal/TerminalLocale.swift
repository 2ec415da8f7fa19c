import CNcurses

/// Terminal set-up facts that must hold before ncurses starts.
public enum TerminalLocale {
    /// Adopts the user's locale so ncursesw can draw UTF-8; returns whether its
    /// character set is UTF-8 (else the view draws ASCII only).
    @discardableResult
    public static func adoptUserLocale() -> Bool {
        guard setlocale(LC_ALL, "") != nil else { return false }
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }
}
