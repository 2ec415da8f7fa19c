import JSONLite
@testable import KubeModel
import Testing

/// Strings of printable ASCII and a stack trace's escapes are undone and made
/// terminal-safe in one pass (`JSONScanner.plainTerminalString`): what it gives must be
/// what decoding and then cleaning give, and where it declines, the long way must be
/// taken from where the string starts.
@Suite struct PlainTextTests {
    /// Pieces of JSON string bodies: plain text, every escape, bytes outside printable ASCII.
    static let pieces = ["a", "Z", " ", "0", "at com.shop.Handler(Handler.java:100)", "\\n", "\\t", "\\r", "\\\"", "\\\\", "\\/",
                         "\\b", "\\f", "\\u0041", "\\u001b[2J", "é", "決済", "\u{7F}", "\u{01}", "\\x", "\u{1B}]2;x\u{07}", "\\u00e9"]

    /// A random string literal, closed or (sometimes) not, and what follows it in its object.
    static func randomLiteral(_ generator: inout some RandomNumberGenerator) -> String {
        let count = Int.random(in: 0..<12, using: &generator)
        let body = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
        return "\"" + body + (Int.random(in: 0..<20, using: &generator) == 0 ? "" : "\"")
    }

    /// `decode` on `{"m": <literal>, "next": 1}` at the member's value, and where it left the scanner.
    static func read<Value>(_ literal: String, _ decode: (inout JSONScanner) throws(JSONParseError) -> Value)
        -> (Result<Value, JSONParseError>, Int) {
        Array("{\"m\":\(literal),\"next\":1}".utf8).withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes: bytes)
            scanner.enterObject()
            _ = try? scanner.nextKey()
            let result = Result { () throws(JSONParseError) in try decode(&scanner) }
            return (result, scanner.index)
        }
    }

    @Test func eachStringIsWhatDecodingAndCleaningGive() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let literal = Self.randomLiteral(&generator)
            // A document the tree decode takes: the scanner's reads say what its accessors say.
            if let tree = try? JSONParser().parse("{\"m\":\(literal)}") {
                let (cluster, _) = Self.read(literal) { (scanner: inout JSONScanner) throws(JSONParseError) in try scanner.clusterString() }
                let (free, _) = Self.read(literal) { (scanner: inout JSONScanner) throws(JSONParseError) in try scanner.freeText() }
                #expect(try cluster.get() == tree["m"].clusterString, "\(literal.debugDescription)")
                #expect(try free.get() == tree["m"].freeText, "\(literal.debugDescription)")
            }
            // The one pass, alone: the long way's String and place, or nothing and the scanner unmoved.
            // As it is, and after the whitespace `json.dumps` writes and more.
            for spaced in [literal, " " + literal, "\n\t  " + literal] {
                let (plain, after) = Self.read(spaced) { (scanner: inout JSONScanner) -> String? in scanner.plainTerminalString(longest: .max) }
                let (long, afterLong) = Self.read(spaced) { (scanner: inout JSONScanner) throws(JSONParseError) in try scanner.string()?.sanitizedForTerminal }
                if let plain = try plain.get() {
                    #expect(plain == (try? long.get()) ?? nil, "\(spaced.debugDescription)")
                    #expect(after == afterLong)
                } else {
                    #expect(after == 5, "declined, the scanner is where it was: \(spaced.debugDescription)")
                }
            }
        }
    }

    /// Free text is cut at `FreeText.limit` decoded bytes: around the limit, with escapes
    /// that decode to fewer bytes than they are written in, it is cut exactly as before.
    @Test func freeTextAroundTheLimitIsCutAsBefore() throws {
        for length in FreeText.limit - 3...FreeText.limit + 3 {
            for escape in ["", "\\n", "\\b", "\\\""] {
                let body = escape + String(repeating: "x", count: length - (escape.isEmpty ? 0 : 1))
                let literal = "\"\(body)\""
                let (free, _) = Self.read(literal) { (scanner: inout JSONScanner) throws(JSONParseError) in try scanner.freeText() }
                let expected = try JSONParser().parse("{\"m\":\(literal)}")["m"].freeText
                #expect(try free.get() == expected, "\(length) \(escape)")
                #expect((try free.get())?.contains("more bytes not kept") == (length > FreeText.limit))
            }
        }
    }
}
