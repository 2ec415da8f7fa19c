import JSONLite
import Testing

/// The scanner reads strings, member names and skipped containers eight bytes at a
/// time (`ByteWord`). These tests put what stops a word — an escaped quote, a
/// backslash, a bare quote, a control byte, a bracket, non-ASCII — at every offset of
/// a word and across word ends, and hold the scanner to `JSONParser`, which reads a
/// byte at a time: the same values, the same accepted and refused documents, and
/// every truncation refused by both.
struct JSONScannerWordTests {
    /// What may sit inside a string's quotes, escaped or not; some are refused (a raw
    /// control byte, `\q`, a short `\u`).
    static let insides: [String] = [
        #"\""#, #"\\"#, #"\\\""#, #"\\\\"#, #"\/"#, #"\n"#, #"\u00e9"#, #"\ud83d\ude80"#, #"\ud800"#,
        "é", "日本", "🚀", "\u{7F}", "{", "}", "[", "]", "y_Y", "\u{01}", "\u{1F}", #"\q"#, #"\u12"#, "\\",
    ]

    /// `inside` placed after `lead` bytes and before `trail` bytes, for every lead 0...17
    /// (every offset of a word, and into the next) and a short or long trail.
    static func strings() -> [String] {
        var strings: [String] = []
        for inside in insides {
            for lead in 0...17 {
                for trail in [0, 3, 9] {
                    strings.append(String(repeating: "a", count: lead) + inside + String(repeating: "b", count: trail))
                }
            }
        }
        return strings
    }

    /// The parser's outcome for `text`: the value, or nil when it refuses it.
    static func parsed(_ text: [UInt8], skipping: Set<String> = []) -> JSON? {
        try? JSONParser(skippingKeys: skipping).parse(text)
    }

    /// Runs `body` over `text` and then `finish()`: the value, or nil when the scanner refuses.
    static func scanned<T>(_ text: [UInt8], skipping: [String] = [], _ body: (inout JSONScanner) throws(JSONParseError) -> T) -> T? {
        text.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw, skippingKeys: skipping)
            guard let value = try? body(&scanner), (try? scanner.finish()) != nil else { return nil }
            return value
        }
    }

    /// The keys and string values of a flat object, as the scanner hands them out.
    static func members(_ scanner: inout JSONScanner) throws(JSONParseError) -> [String] {
        var found: [String] = []
        guard try scanner.enterObjectIfPresent() else { return found }
        while let key = try scanner.nextKey() {
            found.append(key.text)
            if let value = try scanner.string() { found.append(value) }
        }
        return found
    }

    static func flatMembers(_ json: JSON) -> [String] {
        json.object?.members.flatMap { member in [member.key] + (member.value.string.map { [$0] } ?? []) } ?? []
    }

    @Test func stringValuesMatchTheParserAtEveryOffset() {
        for inside in Self.strings() {
            let text = Array(("\"" + inside + "\"").utf8)
            let scanned = Self.scanned(text) { scanner throws(JSONParseError) in try scanner.string() }
            #expect(scanned.flatMap { $0 } == Self.parsed(text)?.string, "\(inside.debugDescription)")
            let skipped: Void? = Self.scanned(text) { scanner throws(JSONParseError) in try scanner.skipValue() }
            #expect((skipped != nil) == (Self.parsed(text) != nil), "skip \(inside.debugDescription)")
        }
    }

    @Test func memberNamesMatchTheParserAtEveryOffset() {
        for inside in Self.strings() {
            let text = Array(("{\"" + inside + "\":\"v\",\"" + inside + "x\":\"w\"}").utf8)
            let scanned = Self.scanned(text) { scanner throws(JSONParseError) in try Self.members(&scanner) }
            #expect(scanned == Self.parsed(text).map(Self.flatMembers), "\(inside.debugDescription)")
        }
    }

    /// The same with the whitespace Python's `json.dumps` writes (`, ` and `: `) and more,
    /// around names long and short enough for the sixteen-byte looks.
    @Test func spacedMemberNamesMatchTheParserAtEveryOffset() {
        for inside in Self.strings() {
            for (comma, colon) in [(", ", ": "), (" ,\n\t", " : "), (",  ", ":")] {
                let text = Array(("{ \"" + inside + "\"" + colon + "\"v\"" + comma + "\"" + inside + "x\"" + colon + "\"w\"" + comma
                    + "\"padding-to-be-long\"" + colon + "\"" + String(repeating: "p", count: 40) + "\" }").utf8)
                let scanned = Self.scanned(text) { scanner throws(JSONParseError) in try Self.members(&scanner) }
                #expect(scanned == Self.parsed(text).map(Self.flatMembers), "\(inside.debugDescription) \(comma.debugDescription)")
            }
        }
    }

    /// A skipped key's container is checked only for brackets and string ends, as the
    /// parser checks it: strings holding brackets and escaped quotes must not count.
    @Test func skippedContainersMatchTheParserAtEveryOffset() {
        for inside in Self.strings() {
            for shape in [#"{"f:a":{"X":"I"},"b":["I",{}]}"#, #"[["I"],{"I":[]}]"#, #"{"deep":[[[{"I":"I"}]]],"n":1 2}"#] {
                let value = shape.split(separator: "I", omittingEmptySubsequences: false).joined(separator: inside)
                let text = Array((#"{"managedFields":"# + value + #","kept":"k"}"#).utf8)
                let scanned = Self.scanned(text, skipping: ["managedFields"]) { scanner throws(JSONParseError) in try Self.members(&scanner) }
                let parsed = Self.parsed(text, skipping: ["managedFields"]).map(Self.flatMembers)
                #expect(scanned == parsed, "\(value.debugDescription)")
                if parsed != nil { #expect(scanned == ["kept", "k"]) }
            }
        }
    }

    @Test func aSwappedBracketIsRefusedWhereverItFalls() {
        let value = #"{"f:a":{"x":"[}"},"b":[{"c":[]},"]{"],"d":{"e":{}}}"#
        let bytes = Array(value.utf8)
        for at in bytes.indices {
            let swapped: UInt8
            switch bytes[at] {
            case UInt8(ascii: "}"): swapped = UInt8(ascii: "]")
            case UInt8(ascii: "]"): swapped = UInt8(ascii: "}")
            default: continue
            }
            var bad = bytes
            bad[at] = swapped
            let text = Array(#"{"managedFields":"#.utf8) + bad + Array(#","kept":"k"}"#.utf8)
            let scanned = Self.scanned(text, skipping: ["managedFields"]) { scanner throws(JSONParseError) in try Self.members(&scanner) }
            #expect(scanned == Self.parsed(text, skipping: ["managedFields"]).map(Self.flatMembers), "swapped at \(at)")
        }
    }

    /// Cut anywhere, a document is refused by both, whether the cut falls in a name, a
    /// value, an escape or a skipped container.
    @Test func everyTruncationIsRefused() {
        let document = #"{"name\"x":"a\\b\"c é 🚀 \u00e9","managedFields":[{"f:x":{"\"}":"]\\"}},[]],"n":[1,-2.5e3,true,null],"k":"v"}"#
        let bytes = Array(document.utf8)
        #expect(Self.scanned(bytes, skipping: ["managedFields"]) { scanner throws(JSONParseError) in try Self.members(&scanner) } != nil)
        for cut in 0..<bytes.count {
            let prefix = Array(bytes[..<cut])
            #expect(Self.parsed(prefix, skipping: ["managedFields"]) == nil)
            let scanned: Void? = Self.scanned(prefix, skipping: ["managedFields"]) { scanner throws(JSONParseError) in try scanner.skipValue() }
            #expect(scanned == nil, "cut at \(cut)")
        }
    }

    /// A string with escapes is made in place once its end is found
    /// (`JSONScanner+Unescaping`); a bad one is refused exactly as checking it alone
    /// refuses it: the same offset and reason, whether the fault is before or after the
    /// first escape, and whatever stops the search for the end.
    @Test func escapedStringsAreRefusedWhereAndAsTheirCheckRefusesThem() {
        let faults = [#"\q"#, #"\u12"#, #"\u12""#, #"\ud800\u12""#, "\u{01}", "\u{1F}", "\\", #"\"#, "", #"\u"#, #"\u\u\u"#,
                      #"\u1\"\u"#, #"\ud83d\u"#, #"\u00e9\u"#]
        for fault in faults {
            for lead in [#"a"#, #"a\n"#, String(repeating: #"\t"#, count: 5) + "日本", String(repeating: "raw bytes ", count: 3)] {
                for trail in ["", #"b\nc"#, "b\u{01}"] {
                    let text = Array(("\"" + lead + fault + trail + "\"").utf8)
                    func failure(_ body: (inout JSONScanner) throws(JSONParseError) -> Void) -> JSONParseError? {
                        text.withUnsafeBytes { raw in
                            var scanner = JSONScanner(bytes: raw)
                            do throws(JSONParseError) {
                                try body(&scanner)
                                try scanner.finish()
                                return nil
                            } catch {
                                return error
                            }
                        }
                    }
                    let read = failure { scanner throws(JSONParseError) in _ = try scanner.string() }
                    let checked = failure { scanner throws(JSONParseError) in try scanner.skipValue() }
                    let shown = String(decoding: text, as: UTF8.self).debugDescription
                    #expect(read == checked, "\(shown)")
                    #expect((read == nil) == (Self.parsed(text) != nil), "\(shown)")
                }
            }
        }
    }

    /// Invalid UTF-8 between escapes becomes U+FFFD, as in a string without escapes, and
    /// escapes that shrink most (a surrogate pair, a lone surrogate) fit the bytes they had.
    @Test func escapedStringsRepairInvalidUTF8AndFitTheirBytes() {
        let cases: [([UInt8], String)] = [
            ([0x22, 0x61, 0xFF, 0x5C, 0x6E, 0xFE, 0x62, 0x22], "a\u{FFFD}\n\u{FFFD}b"),
            ([0x22, 0xE6, 0x97, 0x5C, 0x74, 0x22], "\u{FFFD}\t"),
            (Array(#""\ud83d\ude80\ud800\u0041\/""#.utf8), "🚀\u{FFFD}A/"),
            (Array(#""\u0000\ud800""#.utf8), "\u{0}\u{FFFD}"),
        ]
        for (text, expected) in cases {
            let scanned = Self.scanned(text) { scanner throws(JSONParseError) in try scanner.string() }
            #expect(scanned == expected, "\(expected.debugDescription)")
            #expect(Self.parsed(text)?.string == expected, "parser \(expected.debugDescription)")
        }
    }
}
