import RolloutUI
import Testing

/// A key press is a pure step: `ViewState.handle` changes the view state and says,
/// as effects, what the run loop must do (quit, move the replay clock).
@Suite struct ViewStateTests {
    static let layout = ViewLayout(rows: ["uid-a", "uid-b", "uid-c"], page: 2, findingPods: ["uid-c", nil])

    func press(_ keys: [Key], on state: inout ViewState, replay: Bool = false) -> [Effect] {
        keys.flatMap { state.handle($0, replay: replay, layout: Self.layout) }
    }

    @Test func qQuitsAndNavigationIsTheViewsOwn() {
        var state = ViewState()
        #expect(press([.down, .down], on: &state) == [])
        #expect(state.selectedPod == "uid-c")
        #expect(!state.followsHazards)
        #expect(press([.character("g")], on: &state) == [])
        #expect(state.selectedPod == "uid-a")
        #expect(press([.character("q")], on: &state) == [.quit])
    }

    @Test func anyKeyClosesHelpAndQStillQuits() {
        var state = ViewState()
        #expect(press([.character("?")], on: &state) == [])
        #expect(state.showHelp)
        // A navigation key, and a replay key in replay, only close help.
        #expect(press([.down], on: &state) == [])
        #expect(!state.showHelp && state.selectedPod == nil)
        _ = press([.character("?")], on: &state, replay: true)
        #expect(press([.character(" ")], on: &state, replay: true) == [])
        #expect(!state.showHelp)
        _ = press([.character("?")], on: &state)
        #expect(press([.character("q")], on: &state) == [.quit])
        #expect(!state.showHelp)
    }

    @Test func replayKeysBecomeReplayEffectsOnlyInReplay() {
        var state = ViewState()
        #expect(press([.character(" "), .left, .right, .character("7"), .character("]"), .character("+")], on: &state, replay: true)
                == [.replay(.togglePause), .replay(.skip(seconds: -5)), .replay(.skip(seconds: 5)), .replay(.jump(tenth: 7)),
                    .replay(.nextMarker), .replay(.faster)])
        #expect(press([.character(" "), .left, .character("7"), .character("]")], on: &state, replay: false) == [])
        #expect(state == ViewState())
    }

    @Test func theFilterLineTakesEveryKeyUntilEnterOrEscape() {
        var state = ViewState()
        #expect(press([.character("/"), .character("q"), .character("x"), .backspace, .character("1")], on: &state) == [])
        #expect(state.editingFilter && state.filter == "q1")
        #expect(press([.enter], on: &state) == [])
        #expect(!state.editingFilter && state.filter == "q1")
        _ = press([.character("/")], on: &state)
        #expect(press([.escape], on: &state) == [])
        #expect(state.filter.isEmpty && !state.editingFilter)
    }

    @Test func enterOnAFindingOpensItsPod() {
        var state = ViewState()
        #expect(press([.character("f")], on: &state) == [])
        #expect(state.panel == .findings)
        #expect(press([.enter], on: &state) == [])
        #expect(state.panel == .detail && state.selectedPod == "uid-c")
        _ = press([.escape, .character("f"), .down, .enter], on: &state)
        // The second finding has no pod: Enter toggles the detail instead.
        #expect(state.selectedFinding == 1 && state.panel == .detail && state.selectedPod == "uid-c")
    }
}
