import JSONLite
import KubeModel
import Replay
import RolloutCore
import Testing
import TestSupport

@Suite struct ReplayTimelineTests {
    static func podEvent(_ name: String, at second: Int64, ready: Bool) -> (JSON, Timestamp) {
        let pod = Objects.pod(name, replicaSet: "checkout-aaa", labels: ["app": "checkout"], ready: ready)
        return (["type": "MODIFIED", "object": pod], Timestamp(microseconds: 1_790_000_000_000_000 + second * 1_000_000))
    }

    @Test func seekingFromAKeyframeEqualsPlayingFromTheStart() throws {
        let events = (0..<1_000).map { index -> SessionInput in
            let (document, time) = Self.podEvent("p\(index % 37)", at: Int64(index), ready: index % 3 != 0)
            return .event(try! WatchEvent.decode(document, resource: .pods, at: time))
        }
        let timeline = ReplayTimeline(inputs: events, initial: RolloutState())
        for count in [0, 1, 199, 200, 201, 555, 999, 1_000] {
            var linear = RolloutState()
            events.prefix(count).forEach { linear.ingest($0) }
            let seeked = timeline.state(after: count)
            #expect(seeked.inputCount == count)
            #expect(seeked.store.orderedPods == linear.store.orderedPods, "after \(count)")
            #expect(seeked.findings == linear.findings)
        }
        // Forward from the current state, and backward past it, agree too.
        let middle = timeline.state(after: 600)
        #expect(timeline.state(after: 650, from: middle).store.orderedPods == timeline.state(after: 650).store.orderedPods)
        #expect(timeline.state(after: 300, from: middle).inputCount == 300)
        #expect(timeline.count(atOrBefore: events[10].time) == 11)
    }
}
