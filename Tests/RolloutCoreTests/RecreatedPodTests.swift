import JSONLite
import KubeModel
import Testing
import TestSupport
@testable import RolloutCore

/// A StatefulSet pod deleted and recreated under the same name is another instance
/// (another uid): its findings are its own, and it inherits none of the old one's.
struct RecreatedPodTests {
    static func pod(ready: Bool, uid: String) -> JSON {
        Objects.pod("db-0", replicaSet: "checkout-aaa", labels: Pods.labels, ready: ready)
            .setting(["metadata", "uid"], to: .string(uid))
    }

    @Test func aRecreatedPodOpensItsOwnFindingInsteadOfReopeningItsPredecessors() {
        var timeline = Timeline()
        timeline.add(0, .pods, Self.pod(ready: false, uid: "uid-db-0"))
        timeline.add(0, .endpointslices, Pods.slice([("db-0", true, true, false)]))
        timeline.tick(2)
        timeline.delete(3, .pods, Self.pod(ready: false, uid: "uid-db-0"))
        // Back within the flap window, the endpoint still ready by name: the same condition on a new instance.
        timeline.add(4, .pods, Self.pod(ready: false, uid: "uid-db-0-second"))
        timeline.tick(6)
        #expect(timeline.summary == ["traffic-before-ready critical db-0 [0.0, 3.0]", "traffic-before-ready critical db-0 [4.0, open]"])
        #expect(timeline.engine.findings.map(\.podUID) == ["uid-db-0", "uid-db-0-second"])
    }

    @Test func aRecreatedPodDoesNotTakeTheProbeFailuresOfTheOneItReplaced() {
        var timeline = Timeline()
        timeline.add(0, .pods, Self.pod(ready: true, uid: "uid-db-0"))
        timeline.add(1, .events, Pods.unhealthy("db-0.1", pod: "db-0", container: "app", message: "Readiness probe failed: 503", count: 3))
        timeline.delete(3, .pods, Self.pod(ready: true, uid: "uid-db-0"))
        timeline.add(4, .pods, Self.pod(ready: true, uid: "uid-db-0-second"))
        #expect(timeline.summary == ["probe-failures info db-0 [1.0, 1.0]"])
        #expect(timeline.engine.findings.map(\.podUID) == ["uid-db-0"])

        timeline.add(6, .events, Pods.unhealthy("db-0.2", pod: "db-0", container: "app", message: "Readiness probe failed: 503"))
        #expect(timeline.summary == ["probe-failures info db-0 [1.0, 1.0]", "probe-failures info db-0 [6.0, 6.0]"])
        #expect(timeline.engine.findings.map(\.podUID) == ["uid-db-0", "uid-db-0-second"])
    }
}
