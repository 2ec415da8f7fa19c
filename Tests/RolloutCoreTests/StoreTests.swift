import JSONLite
import KubeModel
import Testing
import TestSupport
@testable import RolloutCore

/// The reducer: pure, replace semantics on relists, membership merged across slices.
struct StoreTests {
    static let labels = ["app": "checkout"]
    static let base = Timestamp(rfc3339: "2024-05-01T15:23:10Z")!

    static func at(_ seconds: Double) -> Timestamp { base.adding(seconds: seconds) }

    static func pod(_ name: String, ready: Bool = true) -> KubeObject {
        ResourceKind.pods.decode(Objects.pod(name, replicaSet: "checkout-aaa", labels: labels, ready: ready))
    }

    static func slice(_ name: String, _ endpoints: [(pod: String, ready: Bool, serving: Bool, terminating: Bool)]) -> KubeObject {
        ResourceKind.endpointslices.decode(Objects.endpointSlice(name, service: "checkout", endpoints: endpoints))
    }

    static func event(_ resource: ResourceKind, _ change: WatchEvent.Change, at seconds: Double) -> WatchEvent {
        WatchEvent(time: at(seconds), resource: resource, change: change)
    }

    func live(_ store: Store) -> [String] {
        store.orderedPods.filter { !$0.isRemoved }.map(\.podName.name)
    }

    @Test func aRelistRemovesPodsDeletedWhileNoWatchWasOpen() {
        var store = Store()
        for name in ["a", "b", "c"] { store.apply(Self.event(.pods, .added(Self.pod(name)), at: 0)) }
        store.apply(Self.event(.pods, .replaced([Self.pod("a"), Self.pod("c", ready: false)], resourceVersion: "9"), at: 5))
        #expect(live(store) == ["a", "c"])
        let ghost = store.orderedPods.first { $0.podName.name == "b" }
        #expect(ghost?.removedAt == Self.at(5))
        #expect(ghost?.timeline.last?.change == .removed(whileUnwatched: true))
        #expect(store.record(named: PodName(namespace: "shop", name: "c"))?.isReady == false)
    }

    @Test func theSameEventsGiveTheSameState() {
        let events: [WatchEvent] = [
            Self.event(.pods, .added(Self.pod("a", ready: false)), at: 0),
            Self.event(.endpointslices, .added(Self.slice("s1", [("a", false, false, false)])), at: 0.5),
            Self.event(.pods, .modified(Self.pod("a")), at: 1),
            Self.event(.endpointslices, .modified(Self.slice("s1", [("a", true, true, false)])), at: 1.2),
            Self.event(.pods, .deleted(Self.pod("a")), at: 3),
        ]
        var first = Store()
        var second = Store()
        events.forEach { first.apply($0) }
        events.forEach { second.apply($0) }
        #expect(first.orderedPods == second.orderedPods)
        #expect(first.endpoints == second.endpoints)
        let timeline = first.orderedPods[0].timeline.map(\.summary)
        #expect(timeline.contains("endpoint of checkout: not ready"))
        #expect(timeline.contains("endpoint of checkout: ready"))
        #expect(timeline.last == "deleted")
    }

    @Test func membershipMergesAcrossSlicesAndRecordsChanges() {
        var store = Store()
        store.apply(Self.event(.pods, .added(Self.pod("a")), at: 0))
        store.apply(Self.event(.endpointslices, .added(Self.slice("v4", [("a", false, true, true)])), at: 1))
        store.apply(Self.event(.endpointslices, .added(Self.slice("v6", [("a", true, true, false)])), at: 2))
        let name = PodName(namespace: "shop", name: "a")
        #expect(store.endpoints[name]?["checkout"] == EndpointMembership(ready: true, serving: true, terminating: false))
        store.apply(Self.event(.endpointslices, .deleted(Self.slice("v6", [])), at: 3))
        #expect(store.endpoints[name]?["checkout"] == EndpointMembership(ready: false, serving: true, terminating: true))
        store.apply(Self.event(.endpointslices, .replaced([], resourceVersion: "1"), at: 4))
        #expect(store.endpoints[name] == nil)
        let changes = store.record(named: name)!.timeline.compactMap { transition -> Double? in
            if case .endpoint = transition.change { return transition.time.seconds(since: Self.base) }
            return nil
        }
        #expect(changes == [1, 2, 3, 4])
    }

    @Test func eventsBeforeTheirPodAndAggregatedCountBumps() {
        var store = Store()
        let probe = { (count: Int) in
            ResourceKind.events.decode(Objects.event("a.1", pod: "a", reason: "Unhealthy", message: "Readiness probe failed: connect: connection refused",
                                                     type: "Warning", count: count))
        }
        store.apply(Self.event(.events, .added(probe(1)), at: 0))
        store.apply(Self.event(.pods, .added(Self.pod("a")), at: 1))
        store.apply(Self.event(.events, .modified(probe(4)), at: 2))
        store.apply(Self.event(.events, .modified(probe(4)), at: 3)) // same count: nothing new happened
        let name = PodName(namespace: "shop", name: "a")
        #expect(store.events[name]?.count == 1)
        #expect(store.events[name]?.first?.event.count == 4)
        #expect(store.events[name]?.first?.firstReceived == Self.at(0))
        let eventTransitions = store.record(named: name)!.timeline.filter { if case .event = $0.change { return true } else { return false } }
        #expect(eventTransitions.map(\.time) == [Self.at(2)])
        #expect(eventTransitions.first?.summary == "event Unhealthy: Readiness probe failed: connect: connection refused (×4)")
    }

    @Test func aPodRecreatedUnderTheSameNameIsANewInstance() {
        var store = Store()
        store.apply(Self.event(.pods, .added(Self.pod("db-0")), at: 0))
        var recreated = Objects.pod("db-0", replicaSet: "checkout-aaa", labels: Self.labels)
        if case .object(var object) = recreated, case .object(var metadata)? = object["metadata"] {
            metadata["uid"] = "uid-db-0-second"
            object["metadata"] = .object(metadata)
            recreated = .object(object)
        }
        store.apply(Self.event(.pods, .added(ResourceKind.pods.decode(recreated)), at: 4))
        #expect(store.orderedPods.count == 2)
        #expect(store.orderedPods.filter(\.isRemoved).map(\.uid) == ["uid-db-0"])
        #expect(store.record(named: PodName(namespace: "shop", name: "db-0"))?.uid == "uid-db-0-second")
    }

    @Test func containerTransitionsAreRecordedOnce() {
        var store = Store()
        let starting = Objects.pod("a", replicaSet: "checkout-aaa", labels: Self.labels, ready: false,
                                   statuses: [Objects.containerStatus("app", state: "waiting", ready: false)])
        store.apply(Self.event(.pods, .added(ResourceKind.pods.decode(starting)), at: 0))
        store.apply(Self.event(.pods, .modified(Self.pod("a", ready: false)), at: 1))
        store.apply(Self.event(.pods, .modified(Self.pod("a")), at: 2))
        store.apply(Self.event(.pods, .modified(Self.pod("a")), at: 3))
        let summaries = store.orderedPods[0].timeline.map { "\($0.time.seconds(since: Self.base)) \($0.summary)" }
        #expect(summaries == [
            "0.0 pod seen, phase Running",
            "0.0 condition Ready=False",
            "0.0 app waiting (ContainerCreating)",
            "1.0 app running",
            "2.0 condition Ready=True",
            "2.0 app ready=true",
        ])
    }

    @Test func historyIsCappedPerPod() {
        var store = Store(limits: StoreLimits(transitionsPerPod: 10, eventsPerPod: 3))
        store.apply(Self.event(.pods, .added(Self.pod("a")), at: 0))
        for index in 0..<20 {
            store.apply(Self.event(.pods, .modified(Self.pod("a", ready: index % 2 == 0)), at: Double(index + 1)))
            store.apply(Self.event(.events, .added(ResourceKind.events.decode(Objects.event("e\(index)", pod: "a", reason: "X", message: "m"))), at: Double(index + 1)))
        }
        let record = store.orderedPods[0]
        #expect(record.timeline.count == 10)
        #expect(record.droppedTransitions > 0)
        #expect(store.events[record.podName]?.count == 3)
    }

    @Test func streamHealthCountsRestartsAndErrors() {
        var store = Store()
        for kind in [StreamNotice.Kind.started, .ended, .started, .error, .started] {
            store.apply(StreamNotice(time: Self.base, resource: .pods, kind: kind, detail: "410 Expired: \u{1B}[2Jgone"))
        }
        let health = store.streams[.pods]
        #expect(health?.restarts == 2)
        #expect(health?.errors == 1)
        #expect(health?.lastError == "410 Expired: gone")
    }
}

struct RoleAndRevisionTests {
    func roles(_ pod: JSON, extra: [String] = []) -> [String] {
        guard case .pod(let decoded) = ResourceKind.pods.decode(pod) else { return [] }
        return PodRecord.containers(of: decoded, roles: RoleClassifier(extraSidecarNames: extra)).map { "\($0.name)=\($0.role.rawValue)" }
    }

    @Test func rolesFollowSpec() {
        let pod = Objects.pod("p", replicaSet: "x-aaa", labels: [:],
                              containers: [["name": "app"], ["name": "istio-proxy"], ["name": "injected-agent"], ["name": "mine"]],
                              initContainers: [["name": "istio-init"], ["name": "vault-agent-init"], ["name": "linkerd", "restartPolicy": "Always"]],
                              annotations: ["sidecar.istio.io/status": #"{"containers":["injected-agent"]}"#])
        #expect(roles(pod, extra: ["mine"]) == [
            "istio-init=init", "vault-agent-init=init", "linkerd=sidecar",
            "app=app", "istio-proxy=sidecar", "injected-agent=sidecar", "mine=sidecar",
        ])
        #expect(roles(pod).last == "mine=app")
    }

    /// An update takes the roles worked out for the pod's last version only while what
    /// they depend on is unchanged: a new Istio status annotation or restart policy counts.
    @Test func rolesFollowUpdatesOfTheAnnotationAndTheRestartPolicy() {
        func version(injected: [String], agentRestart: String?) -> KubeObject {
            var agent: JSON = ["name": "agent"]
            if let agentRestart { agent = ["name": "agent", "restartPolicy": .string(agentRestart)] }
            let list = injected.map { "\"\($0)\"" }.joined(separator: ",")
            return ResourceKind.pods.decode(Objects.pod("p", replicaSet: "x-aaa", labels: [:], containers: [["name": "app"], ["name": "mesh"]],
                                                        initContainers: [agent],
                                                        annotations: ["sidecar.istio.io/status": "{\"containers\":[\(list)]}"]))
        }
        var store = Store()
        func roles() -> [String] { store.orderedPods[0].containers.map { "\($0.name)=\($0.role.rawValue)" } }
        store.apply(StoreTests.event(.pods, .added(version(injected: ["mesh"], agentRestart: nil)), at: 0))
        #expect(roles() == ["agent=init", "app=app", "mesh=sidecar"])
        store.apply(StoreTests.event(.pods, .modified(version(injected: ["mesh"], agentRestart: "Always")), at: 1))
        #expect(roles() == ["agent=sidecar", "app=app", "mesh=sidecar"])
        store.apply(StoreTests.event(.pods, .modified(version(injected: ["app"], agentRestart: "Always")), at: 2))
        #expect(roles() == ["agent=sidecar", "app=sidecar", "mesh=app"])
        store.apply(StoreTests.event(.pods, .modified(version(injected: ["app"], agentRestart: nil)), at: 3))
        #expect(roles() == ["agent=init", "app=sidecar", "mesh=app"])
    }

    @Test func newRevisionIsTheReplicaSetWithTheHighestRevision() {
        var store = Store()
        let labels = ["app": "web"]
        for (name, revision) in [("web-aaa", 1), ("web-bbb", 2)] {
            store.apply(WatchEvent(time: StoreTests.base, resource: .replicasets,
                                   change: .added(ResourceKind.replicasets.decode(Objects.replicaSet(name, deployment: "web", revision: revision, labels: labels)))))
        }
        for (pod, replicaSet) in [("web-aaa-1", "web-aaa"), ("web-bbb-1", "web-bbb"), ("bare", "gone-zzz")] {
            store.apply(WatchEvent(time: StoreTests.base, resource: .pods,
                                   change: .added(ResourceKind.pods.decode(Objects.pod(pod, replicaSet: replicaSet, labels: labels)))))
        }
        #expect(store.orderedPods.map { "\($0.podName.name)=\(store.revision(of: $0).rawValue)" } == ["bare=unknown", "web-aaa-1=old", "web-bbb-1=new"])
    }
}

struct OrderingTests {
    /// Start-up lists of separate streams arrive in any order: a slice listed before
    /// its pod must still put the membership on the pod's timeline, or rules that read
    /// the timeline (no-drain-delay) would think it never served.
    @Test func membershipReceivedBeforeThePodIsOnItsTimeline() {
        var timeline = Timeline()
        timeline.add(0, .endpointslices, Pods.slice([("a", true, true, false), ("b", true, true, false)]))
        timeline.add(0.1, .pods, Objects.pod("a", replicaSet: "checkout-aaa", labels: Pods.labels))
        timeline.add(0.1, .pods, Objects.pod("b", replicaSet: "checkout-aaa", labels: Pods.labels))
        let record = timeline.store.record(named: PodName(namespace: "shop", name: "a"))!
        #expect(record.timeline.contains { $0.change == .endpoint(service: "checkout", membership: EndpointMembership(ready: true, serving: true, terminating: false)) })
        timeline.modify(3, .pods, Pods.deleting(Objects.pod("a", replicaSet: "checkout-aaa", labels: Pods.labels)))
        timeline.modify(3.2, .pods, Pods.deleting(Objects.pod("a", replicaSet: "checkout-aaa", labels: Pods.labels, ready: false,
                                                               statuses: [Objects.containerStatus("app", state: "terminated", ready: false)])))
        #expect(timeline.summary == ["no-drain-delay critical a [3.0, 3.2]"])
    }

    /// The endpoint turned terminating is received before the pod's deletionTimestamp:
    /// the deletion counts from the earlier of the two.
    @Test func terminatingEndpointReceivedBeforeTheDeletion() {
        var timeline = Timeline()
        timeline.add(0, .pods, Objects.pod("a", replicaSet: "checkout-aaa", labels: Pods.labels))
        timeline.add(0, .pods, Objects.pod("b", replicaSet: "checkout-aaa", labels: Pods.labels))
        timeline.add(0, .endpointslices, Pods.slice([("a", true, true, false), ("b", true, true, false)]))
        timeline.modify(3, .endpointslices, Pods.slice([("a", false, true, true), ("b", true, true, false)]))
        timeline.modify(5, .pods, Pods.deleting(Objects.pod("a", replicaSet: "checkout-aaa", labels: Pods.labels)))
        timeline.delete(5.5, .pods, Pods.deleting(Objects.pod("a", replicaSet: "checkout-aaa", labels: Pods.labels)))
        #expect(timeline.summary == ["no-drain-delay warning a [3.0, 5.5]"])
    }
}
