import JSONLite
import KubeModel
import Testing
import TestSupport
@testable import RolloutCore

/// A pod whose name carries an escape sequence is still one pod: its slice's
/// targetRef and its events name it through the same decoding, so they still find it.
struct HostileNameTests {
    static let name = "web-\u{1B}]2;pwned\u{07}x"

    @Test func aHostilePodNameStillMeetsItsEndpointAndItsEvents() throws {
        var store = Store()
        let pod = Objects.pod(Self.name, replicaSet: "web-aaa", labels: StoreTests.labels, ready: false)
        store.apply(StoreTests.event(.pods, .added(ResourceKind.pods.decode(pod)), at: 0))
        store.apply(StoreTests.event(.endpointslices, .added(ResourceKind.endpointslices.decode(
            Objects.endpointSlice("web-x1", service: "web\u{1B}[2J", endpoints: [(Self.name, true, true, false)]))), at: 1))
        store.apply(StoreTests.event(.events, .added(ResourceKind.events.decode(
            Objects.event("e1", pod: Self.name, reason: "Unhealthy", message: "Readiness probe failed: \u{1B}[31m503"))), at: 2))

        let record = try #require(store.orderedPods.first)
        #expect(store.orderedPods.count == 1)
        #expect(record.podName == PodName(namespace: "shop", name: "web-x"))
        #expect(store.endpoints[record.podName] == ["web": EndpointMembership(ready: true, serving: true, terminating: false)])
        #expect(store.events(of: record).map(\.event.message) == ["Readiness probe failed: 503"])
        #expect(record.timeline.map(\.summary).contains("endpoint of web: ready"))
        #expect(record.timeline.map(\.summary).contains("event Unhealthy: Readiness probe failed: 503"))
    }
}
