import JSONLite
@testable import KubeModel
import Testing

struct SanitizeTests {
    @Test(arguments: [
        ("web-\u{1B}]2;pwned\u{07}x", "web-x"),
        ("a\u{1B}[2Jb", "ab"),
        ("a\u{1B}[31;1mred\u{1B}[0m", "ared"),
        ("osc \u{1B}]8;;http://x\u{1B}\\link", "osc link"),
        ("c1 \u{9B}31mx", "c1 x"),
        ("bidi \u{202E}evil\u{202C}", "bidi evil"),
        ("line\nbreak\ttab", "line break tab"),
        ("bell\u{07} del\u{7F}", "bell del"),
        ("plain ünïcode ✓", "plain ünïcode ✓"),
    ])
    func stripsControlAndEscapeSequences(input: String, expected: String) {
        #expect(input.sanitizedForTerminal == expected)
    }

    /// The fast paths (printable ASCII, then non-ASCII bytes holding nothing to remove) let
    /// no removed scalar through: each one, amid other scripts, is still taken out.
    @Test func everyRemovedScalarIsFoundAmidOtherScripts() {
        let removed: [UInt32] = Array(0x00..<0x20) + [0x7F] + Array(0x80...0x9F)
            + Array(0x202A...0x202E) + Array(0x2066...0x2069) + [0x200E, 0x200F, 0x061C]
        for value in removed {
            let scalar = Character(Unicode.Scalar(value)!)
            let text = "ünï \(scalar)cødé ✓"
            #expect(text.sanitizedForTerminal != text, "U+\(String(value, radix: 16)) kept")
        }
        let neighbours: [UInt32] = [0xA0, 0x202F, 0x2065, 0x206A, 0x200D, 0x2010, 0x061B, 0x061D, 0x2029]
        for value in neighbours {
            let text = "ünï \(Character(Unicode.Scalar(value)!))cødé"
            #expect(text.sanitizedForTerminal == text, "U+\(String(value, radix: 16)) removed")
        }
    }

    /// The byte-level paths equal the scalar walk on text mixing every removed scalar,
    /// escape introducers, newlines and other scripts, in every pairing.
    @Test func fastPathsEqualTheScalarWalk() {
        let pieces = ["a", "é", "✓", "🚀", "\n", "\t", "\r", "\u{07}", "\u{7F}", "\u{85}", "\u{9B}", "\u{9C}", "\u{9D}",
                      "\u{1B}", "\u{1B}[", "31m", "\u{1B}]0;t\u{07}", "\u{202E}", "\u{2067}", "\u{200F}", "\u{061C}", "\u{2028}",
                      "\u{A0}", "ü", " "]
        var checked = 0
        for first in pieces {
            for second in pieces {
                for third in ["", "x", "\n", "\u{1B}", "é"] {
                    let text = "p" + first + second + third + "q"
                    #expect(text.sanitizedForTerminal == text.sanitizedScalarByScalar, "\(Array(text.unicodeScalars))")
                    checked += 1
                }
            }
        }
        #expect(checked == pieces.count * pieces.count * 5)
        let trace = "connection refused\n\tat com.shop.Handler(Handler.java:100)\n\tat 決済 ✓"
        #expect(trace.sanitizedForTerminal == "connection refused  at com.shop.Handler(Handler.java:100)  at 決済 ✓")
    }

    /// Runs of kept bytes are copied eight bytes at a time: what must be looked at (a
    /// control, DEL, a C1 control, U+061C, a bidi control, and the scalars sharing their
    /// lead bytes, such as U+00A0, U+0600 and U+2028) is put at every offset of a word and
    /// across word ends, among ASCII and other scripts, and the result held to the walk.
    @Test func everyLookedAtByteIsFoundAtEveryOffsetOfAWord() {
        let looked = ["\n", "\t", "\r", "\u{01}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9C}", "\u{A0}", "\u{061C}", "\u{0600}",
                      "\u{200F}", "\u{2028}", "\u{202E}", "\u{2069}", "\u{2070}", "é", "日"]
        for piece in looked {
            for lead in 0...17 {
                for filler in ["a", "ü"] {
                    let text = String(repeating: filler, count: lead) + piece + "tail" + piece + String(repeating: "z", count: 9)
                    #expect(text.sanitizedForTerminal == text.sanitizedScalarByScalar, "\(Array(text.unicodeScalars))")
                }
            }
        }
    }

    @Test func freeTextIsCutAtTheLimitAndSaysSo() throws {
        #expect(FreeText.bounded("short") == "short")
        let exactly = String(repeating: "é", count: FreeText.limit / 2)  // 2 bytes each: at the limit
        #expect(FreeText.bounded(exactly) == exactly)
        let long = String(repeating: "x", count: 1 << 20)
        let cut = FreeText.bounded(long)
        #expect(cut.hasPrefix(String(repeating: "x", count: FreeText.limit)))
        #expect(cut.hasSuffix("… [\((1 << 20) - FreeText.limit) more bytes not kept]"))
        let event = Event(json: try JSONParser().parse(Array(#"{"metadata":{"name":"e"},"message":"\#(long)"}"#.utf8)))
        #expect(event.message == cut)
    }
}
