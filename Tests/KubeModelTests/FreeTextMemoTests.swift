import JSONLite
@testable import KubeModel
import Testing

/// Long free text decoded again is taken from `FreeTextMemo` by its raw bytes: it must
/// be exactly what decoding gives, for every string, whichever held its slot before;
/// and a string a decode refuses is refused as before.
@Suite struct FreeTextMemoTests {
    /// `freeText()` of `{"message": <raw>}`.
    static func decoded(_ raw: String) -> Result<String?, JSONParseError> {
        let document = Array("{\"message\":\(raw)}".utf8)
        return document.withUnsafeBytes { bytes in
            Result { () throws(JSONParseError) in
                var scanner = JSONScanner(bytes: bytes)
                scanner.enterObject()
                _ = try scanner.nextKey()
                return try scanner.freeText()
            }
        }
    }

    /// What the tree decode gives of the same member: the memo's reference.
    static func expected(_ raw: String) -> String? {
        (try? JSONParser().parse("{\"message\":\(raw)}"))?["message"].freeText
    }

    @Test func aLongMessageMetAgainIsTheSameStringFromTheMemo() throws {
        let raw = "\"panic: runtime error\\n\\tgoroutine 1 [running]:\\n" + String(repeating: "\\tmain.handler(0xc000123456)\\n", count: 20) + "\\u001b[2Jend\""
        let first = try Self.decoded(raw).get()
        #expect(first == Self.expected(raw))
        #expect(first?.contains("\u{1B}") == false && first?.contains("\n") == false)
        let bytes = Array(raw.utf8)
        // Found by how it starts, with whatever follows it in the input.
        let kept = (bytes + Array(",\"next\":1}".utf8)).withUnsafeBytes { FreeTextMemo.shared.value(startingWith: $0, depth: 0) }
        #expect(kept?.value == first, "the first decode is kept")
        #expect(kept?.count == bytes.count)
        #expect(try Self.decoded(raw).get() == first)
    }

    /// Many distinct strings, fewer slots than strings: each, decoded again in another
    /// order, is its own text and never another's that had its slot.
    @Test func distinctStringsNeverTakeEachOthersText() throws {
        let raws = (0..<2_000).map { number in
            "\"container \(number) exited: " + String(repeating: "stack frame \(number % 7)\\n", count: 30) + "\""
        }
        for raw in raws { _ = try Self.decoded(raw).get() }
        for raw in raws.reversed() + raws.shuffled() {
            #expect(try Self.decoded(raw).get() == Self.expected(raw))
        }
    }

    /// Stack traces of one app share their first lines: strings alike for their first
    /// kilobyte (more than a set holds, and more than the bytes that pick the set), each
    /// differing only near its end, are each their own text, again and in any order.
    @Test func stringsAlikeButForTheirEndsNeverTakeEachOthersText() throws {
        let shared = "\"java.lang.IllegalStateException: connection refused\\n" + String(repeating: "\\tat com.shop.Handler.process(Handler.java:1)\\n", count: 25)
        let raws = (0..<12).map { shared + "\\tat com.shop.Main.main(Main.java:\($0))\"" }
        for raw in raws { _ = try Self.decoded(raw).get() }
        for raw in raws.reversed() + raws.shuffled() + raws {
            #expect(try Self.decoded(raw).get() == Self.expected(raw))
        }
    }

    /// A long string a decode refuses (a raw control byte, a bad escape, the end of
    /// input) is refused with the same error whether or not its prefix was met before.
    @Test func aRefusedStringIsRefusedAsBefore() throws {
        let good = "\"" + String(repeating: "a line of a message ", count: 20)
        _ = try Self.decoded(good + "\"").get()
        for bad in [good + "\u{01}\"", good + "\\x\"", good, good + "\\u12\""] {
            let document = Array("{\"message\":\(bad)}".utf8)
            let plain = document.withUnsafeBytes { bytes in
                Result { () throws(JSONParseError) in
                    var scanner = JSONScanner(bytes: bytes)
                    scanner.enterObject()
                    _ = try scanner.nextKey()
                    return try scanner.string()
                }
            }
            guard case .failure(let expectedError) = plain else {
                Issue.record("\(bad) was accepted by the plain decode")
                continue
            }
            #expect(Self.decoded(bad) == .failure(expectedError))
        }
    }
}
