import CByteScan
import JSONLite
import Testing

/// `JSONScanner.passValue()` passes a value met too early to read (a sorted line's `ev`)
/// by counting its brackets (`rw_container_end`), and leaves its checks owed to
/// `checkValue(at:)`. Held here to what it stands for: on JSON the end `skipValue()`
/// finds; on anything else, with its checks settled, the error `skipValue()` throws, at
/// the same offset and in the same words.
struct PassValueTests {
    /// The byte-at-a-time count `rw_container_end` stands for: the offset just after the
    /// bracket that brings the count of open brackets outside strings back to zero.
    static func counted(_ bytes: [UInt8]) -> Int? {
        var walk = StringWalk()
        var depth = 0
        for (offset, byte) in bytes.enumerated() where walk.isOutside(byte) {
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return offset + 1 }
            default: break
            }
        }
        return nil
    }

    static func containerEnd(_ bytes: [UInt8]) -> Int? {
        var at = 0
        let found = bytes.withUnsafeBufferPointer { rw_container_end($0.baseAddress!, $0.count, 0, &at) }
        return found == 1 ? at : nil
    }

    /// What `skipValue()` does with `bytes`: where it stops, or its error.
    static func skipped(_ bytes: [UInt8]) -> Result<Int, JSONParseError> {
        bytes.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw, skippingKeys: ["managedFields"])
            return Result { () throws(JSONParseError) in
                try scanner.skipValue()
                return scanner.index
            }
        }
    }

    /// `passValue()` with its checks settled at once: where it stops, or the error thrown first.
    static func passedThenChecked(_ bytes: [UInt8]) -> Result<Int, JSONParseError> {
        bytes.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw, skippingKeys: ["managedFields"])
            return Result { () throws(JSONParseError) in
                let start = try scanner.passValue()
                try scanner.checkValue(at: start)
                return scanner.index
            }
        }
    }

    @Test func randomContainersEndWhereTheCountEnds() {
        // Brackets of both kinds and mismatched, quotes, runs of backslashes, at every offset of a block.
        let alphabets: [[UInt8]] = [Array("{}[]\"\\a:,".utf8), Array("{}\"\\\\aaaa".utf8), Array("{[\"\"\"\\aa}]bbbbbbbbbb".utf8),
                                    Array("{{{{[[[[\"aaaaaaaaaaaaaaaa}]".utf8)]
        var ended = 0
        for bytes in randomContainers(count: 20_000, seed: 0x9E37_79B9_7F4A_7C15, alphabets: alphabets) {
            let end = Self.containerEnd(bytes)
            if end != nil { ended += 1 }
            guard end == Self.counted(bytes) else {
                Issue.record("\(String(decoding: bytes, as: UTF8.self)): \(String(describing: end)), counted \(String(describing: Self.counted(bytes)))")
                return
            }
        }
        #expect(ended > 1_000, "ended: \(ended)")
    }

    /// Containers of JSON nested past 64, with escapes and brackets inside strings, placed
    /// at every offset of a block: passed to the end `skipValue()` finds.
    @Test func jsonEndsWhereSkipValueEnds() {
        let value = #"{"a":[{"b":"x]}\"[{\\"},{"c":[[["\\\\"]]]}],"d":{"e":"}}}}","f":[1,2,{"g":null}]}}"#
        let deep = String(repeating: #"{"k":["#, count: 70) + #""\"]""# + String(repeating: "]}", count: 70)
        for text in [value, deep, "[]", "{}", #"[" ]"]"#] {
            for padding in 0..<70 {
                let bytes = Array((String(repeating: " ", count: padding) + text + #","rest":1}"#).utf8)
                let passed = bytes.withUnsafeBytes { raw in
                    var scanner = JSONScanner(bytes: raw)
                    _ = try? scanner.passValue()
                    return scanner.index
                }
                #expect(Result.success(passed) == Self.skipped(bytes), "\(text) after \(padding) spaces")
            }
        }
    }

    /// Every document cut short and with bytes replaced: once its checks are settled, the
    /// same error as `skipValue()` (offset and words), or the same end.
    @Test func faultsAreFoundWhereAndAsSkipValueFindsThem() {
        let documents = [
            #"{"object":{"metadata":{"name":"p\u00e9","labels":{"app":"a\"b"}},"status":{"conditions":[{"type":"Ready","status":"True"}],"n":[1,-2.5e3,true,null]}},"type":"ADDED"}"#,
            #"[{"managedFields":[{"f:x":{"k:{\"name\":\"a\"}":{}}}],"x":[[[]]]},"\\",{"y":"]"}]"#,
        ]
        let replacements: [UInt8] = Array("\"\\{}[],: 0-eEn\u{7F}".utf8) + [0x00, 0x1F, 0xFF]
        var faults = 0
        for document in documents {
            let bytes = Array(document.utf8)
            var mutants = (0...bytes.count).map { Array(bytes.prefix($0)) }
            for position in bytes.indices {
                for replacement in replacements where replacement != bytes[position] {
                    var mutant = bytes
                    mutant[position] = replacement
                    mutants.append(mutant)
                }
            }
            for mutant in mutants {
                let expected = Self.skipped(mutant)
                if case .failure = expected { faults += 1 }
                guard Self.passedThenChecked(mutant) == expected else {
                    Issue.record("\(String(decoding: mutant, as: UTF8.self)): \(Self.passedThenChecked(mutant)), skipValue \(expected)")
                    return
                }
            }
        }
        #expect(faults > 2_000)
    }
}
