extension String {
    /// This text as Markdown shows it literally: the characters that make emphasis, code,
    /// links, images, tables, strikethrough and headings are backslash-escaped, and
    /// `<`, `>` and `&` are character references, so `<script>`, `<img src=…>` or
    /// `[x](javascript:…)` in a cluster string stay text in a renderer that passes inline
    /// HTML through. A list marker or heading at the start is escaped too.
    var markdownEscaped: String {
        var output = ""
        output.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#": output += "\\" + String(character)
            default: output.append(character)
            }
        }
        // `- x`, `+ x`, `1. x`, `1) x` at the start of a line begin a list item.
        let marker = output.prefix { $0.isASCII && $0.isNumber }
        let afterDigits = output.dropFirst(marker.count)
        let isList = marker.isEmpty ? (output.hasPrefix("- ") || output.hasPrefix("+ "))
            : (afterDigits.hasPrefix(". ") || afterDigits.hasPrefix(") "))
        if isList { return marker + "\\" + afterDigits }
        return output
    }

    /// A code fence longer than any run of backticks in `self`, so the block cannot be closed early.
    var markdownFence: String {
        var longest = 0, run = 0
        for character in self {
            run = character == "`" ? run + 1 : 0
            longest = Swift.max(longest, run)
        }
        return String(repeating: "`", count: Swift.max(3, longest + 1))
    }

    /// A name as a Mermaid label: letters, digits and `-./_ ` kept, anything else (`:`
    /// ends a task name, `#` and `;` are syntax, markup is markup) made `_`; at most 80.
    var mermaidLabel: String {
        String(prefix(80).map { $0.isLetter || $0.isNumber || "-./_ ".contains($0) ? $0 : "_" })
    }
}
