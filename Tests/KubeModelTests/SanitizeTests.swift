import JSONLite
import KubeModel
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
