@testable import RolloutCore
import Testing

/// `linesSplitAtLineFeeds` finds lines in the bytes; it must give what splitting at the
/// Character "\n" gives, where CR LF is one Character (no break) and a line feed
/// before a combining mark still is one.
struct StringLinesTests {
    @Test(arguments: [
        "", "\n", "\n\n", "a", "a\n", "\na", "a\nb\n\nc", "a\r\nb", "a\r\n\nb", "\r\n", "\r\r\n\n", "a\n\u{301}b", "é\nü\n",
        "🚀\n👩‍👩‍👧\n", "a\rb\nc", "line one\n  line two with spaces  \n\tthird", "\u{85}\n\u{2028}\n", "x\r",
    ])
    func splitsAsCharactersSplit(_ text: String) {
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(text.linesSplitAtLineFeeds.map(String.init) == expected, "\(Array(text.unicodeScalars))")
        #expect(text.linesSplitAtLineFeeds.map { Array($0.utf8) } == expected.map { Array($0.utf8) })
    }
}
