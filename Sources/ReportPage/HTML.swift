/// Escaping of every string that reaches the page: cluster strings (names, messages,
/// evidence, YAML) are only ever inserted as text, never as markup.
enum HTML {
    /// `text` for element content or a double-quoted attribute value, in HTML and in
    /// inline SVG alike (both are parsed by the HTML parser): `& < > " '` become
    /// references, and what has no business in a document is dropped — C0 controls but
    /// newline and tab, C1 controls, bidi overrides and isolates, noncharacters.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\n", "\t": output.unicodeScalars.append(scalar)
            default:
                guard !isDropped(scalar.value) else { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// `escape(text)`, cut to `limit` characters with an ellipsis (titles of markers).
    static func escape(_ text: String, limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return escape(text) }
        return escape(String(text.unicodeScalars.prefix(limit - 1))) + "…"
    }

    private static func isDropped(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
    }
}
