import Testing
@testable import RolloutUI

/// `Screen.put` is the view's last guard, for a string that came past the
/// boundaries without being made safe.
struct ScreenGuardTests {
    @Test func controlCharactersShowAsQuestionMarksAndBidiControlsAreDropped() {
        var screen = Screen(width: 20, height: 1)
        let end = screen.put("a\u{1B}b\u{202E}c\u{2066}d\u{200F}e\u{061C}f", x: 0, y: 0, role: .text)
        #expect(end == 7)
        #expect(screen.characterPlane.hasPrefix("a?bcdef "))
    }
}
