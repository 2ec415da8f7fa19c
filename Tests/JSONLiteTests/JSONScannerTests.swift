import JSONLite
import Testing

/// The pull scanner on its own: walking members, matching keys, skipping, and the
/// parser's strictness. (KubeModelTests' differential tests hold it to the parser
/// over whole documents.)
struct JSONScannerTests {
    /// Runs `body` on a scanner over `text`, then checks that the document is finished.
    func scan<T>(_ text: String, skipping: [String] = [], _ body: (inout JSONScanner) throws(JSONParseError) -> T)
        throws -> T {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw, skippingKeys: skipping)
            let value = try body(&scanner)
            try scanner.finish()
            return value
        }
    }

    /// The member names of the object `text` that the scanner hands out (skipped keys are not).
    func keysLeft(_ text: String, skipping: [String]) throws -> [String] {
        try scan(text, skipping: skipping) { scanner throws(JSONParseError) in
            var keys: [String] = []
            scanner.enterObject()
            while let key = try scanner.nextKey() {
                keys.append(key.text)
                try scanner.skipValue()
            }
            return keys
        }
    }

    @Test func readsTheMembersAskedForAndSkipsTheRest() throws {
        let read = try scan(#" {"skip":{"deep":[1,{"x":"y"}]},"name":"n","count":"12","on":true,"n":null} "#) { scanner throws(JSONParseError) in
            var name: String?, count: Int?, on: Bool?, null = false
            #expect(try scanner.peek() == .object)
            scanner.enterObject()
            while let key = try scanner.nextKey() {
                switch key {
                case "name": name = try scanner.string()
                case "count": count = try scanner.int()
                case "on": on = try scanner.bool()
                case "n": null = try scanner.peek() == .null; try scanner.skipValue()
                default: try scanner.skipValue()
                }
            }
            return (name, count, on, null)
        }
        #expect(read.0 == "n" && read.1 == 12 && read.2 == true && read.3)
    }

    @Test func keysWithEscapesOrNonASCIIMatchAsStringsDo() throws {
        let keys = try scan(#"{"n\u0061me":1,"caf\u00e9":2,"café":3,"\u212A":4}"#) { scanner throws(JSONParseError) in
            var matches: [Bool] = []
            scanner.enterObject()
            while let key = try scanner.nextKey() {
                matches.append(key == "name" || key == "café" || key == "K")
                try scanner.skipValue()
            }
            return matches
        }
        // U+212A KELVIN SIGN is canonically equivalent to "K", as String == says.
        #expect(keys == [true, true, true, true])
        // The same names unescaped, in a document long enough for names to be read sixteen bytes at a look.
        let raw = try scan("{\"café\":1,\"\u{212A}\":2,\"cafe\\u0301\":3,\"padding-to-be-long\":\"\(String(repeating: "x", count: 40))\"}") {
            scanner throws(JSONParseError) in
            var matches: [Bool] = []
            scanner.enterObject()
            while let key = try scanner.nextKey() {
                matches.append(key == "café" || key == "K")
                try scanner.skipValue()
            }
            return matches
        }
        #expect(raw == [true, true, true, false])
    }

    @Test func aValueOfAnotherTypeReadsAsNilAndIsConsumed() throws {
        let values = try scan(#"[5,"x",{"a":1},[2],1.5,"7"]"#) { scanner throws(JSONParseError) in
            var values: [String] = []
            scanner.enterArray()
            while try scanner.nextElement() { values.append("\(try scanner.int().map(String.init) ?? "nil")") }
            return values
        }
        #expect(values == ["5", "nil", "nil", "nil", "nil", "7"])
    }

    @Test func skippedKeysAreLeftOutAndOnlyBracketChecked() throws {
        let keys = try keysLeft(#"{"managedFields":[1 2 {"a" "b"}],"kept":1}"#, skipping: ["managedFields"])
        #expect(keys == ["kept"])
        #expect(throws: JSONParseError.self) {
            try scan(#"{"other":[1 2]}"#, skipping: ["managedFields"]) { scanner throws(JSONParseError) in try scanner.skipValue() }
        }
    }

    @Test(arguments: ["", "{", "[1,]", #"{"a" 1}"#, "tru", "01x", #"{"a":1}}"#, "\"raw\u{01}control\"", "[1 2]", "-",
                      #"{"a":"\q"}"#, #""\u12G4""#, #"{"a":1,}"#, "1e", #"{"a":"#])
    func rejectsWhatTheParserRejects(_ text: String) {
        #expect(throws: JSONParseError.self) { try scan(text) { scanner throws(JSONParseError) in try scanner.skipValue() } }
        #expect(throws: JSONParseError.self) { try JSONParser().parse(text) }
    }

    /// A skipped value keeps its open brackets in a 64-bit word and spills below that:
    /// brackets nested past 64 must match as the parser matches them, at every depth.
    @Test(arguments: [1, 63, 64, 65, 130])
    func skippedValuesNestedPastAWordMatchTheirBrackets(depth: Int) throws {
        let opening = (0..<depth).map { $0 % 3 == 0 ? "[" : #"{"k":"# }.joined()
        let closing = (0..<depth).reversed().map { $0 % 3 == 0 ? "]" : "}" }.joined()
        let nested = #"{"managedFields":"# + opening + #""x""# + closing + #","kept":1}"#
        let keys = try keysLeft(nested, skipping: ["managedFields"])
        #expect(keys == ["kept"])
        #expect(throws: Never.self) { try JSONParser(skippingKeys: ["managedFields"]).parse(nested) }
        // One closer swapped, at the innermost bracket and at the outermost: both refused, by both.
        for swapped in [closing.startIndex, closing.index(before: closing.endIndex)] {
            var wrong = closing
            wrong.replaceSubrange(swapped...swapped, with: closing[swapped] == "]" ? "}" : "]")
            let bad = #"{"managedFields":"# + opening + #""x""# + wrong + #","kept":1}"#
            #expect(throws: JSONParseError.self) { try scan(bad, skipping: ["managedFields"]) { scanner throws(JSONParseError) in try scanner.skipValue() } }
            #expect(throws: JSONParseError.self) { try JSONParser(skippingKeys: ["managedFields"]).parse(bad) }
        }
    }

    @Test func refusesNestingDeeperThanTheLimitEvenWhenSkipping() {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1) + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(throws: JSONParseError.self) { try scan(deep) { scanner throws(JSONParseError) in try scanner.skipValue() } }
        let shallow = String(repeating: "[", count: JSONParser.maximumDepth - 1) + String(repeating: "]", count: JSONParser.maximumDepth - 1)
        #expect(throws: Never.self) { try scan(shallow) { scanner throws(JSONParseError) in try scanner.skipValue() } }
    }

    @Test func stringsDecodeAsTheParserDecodesThem() throws {
        let text = #""tab\t quote\" \u00e9 \ud83d\ude80 \ud800x""#
        let scanned = try scan(text) { scanner throws(JSONParseError) in try scanner.string() }
        #expect(scanned == (try JSONParser().parse(text)).string)
        let invalid: [UInt8] = [0x22, 0x61, 0xFF, 0xFE, 0x62, 0x22]
        let decoded = try invalid.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw)
            return try scanner.string()
        }
        #expect(decoded == "a\u{FFFD}\u{FFFD}b")
    }
}
