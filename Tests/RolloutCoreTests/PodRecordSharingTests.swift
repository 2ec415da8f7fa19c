import KubeModel
import TestSupport
import Testing
@testable import RolloutCore

/// A newer version of a pod's containers keeps the older version's storage for every
/// part that is equal (what lets replay keyframes share it), and only for those.
struct PodRecordSharingTests {
    /// Names longer than a small string, so that each has storage of its own to share or not.
    static func record(_ name: String, ready: Bool, message: String) -> ContainerRecord {
        ContainerRecord(name: name, role: .app, isInitContainer: false,
                        spec: ContainerSpec(name: name, readinessProbe: Probe(handler: "httpGet")),
                        status: ContainerStatus(name: name, ready: ready, state: .waiting(reason: "CrashLoopBackOff", message: message)))
    }

    /// Two containers, each part made anew (storage of its own), the second as asked.
    static func pair(secondReady: Bool, secondMessage: Character) -> [ContainerRecord] {
        [record("application-container-one", ready: true, message: String(repeating: "m", count: 40)),
         record("application-container-two", ready: secondReady, message: String(repeating: secondMessage, count: 40))]
    }

    static func storage(_ text: String) -> UnsafePointer<UInt8>? {
        text.utf8.withContiguousStorageIfAvailable { $0.baseAddress }!
    }

    static func message(_ record: ContainerRecord) -> String {
        if case .waiting(_, let message?) = record.status?.state { return message }
        return ""
    }

    @Test func equalContainersAreTheOlderArrayItself() {
        let older = Self.pair(secondReady: false, secondMessage: "n")
        let newer = Self.pair(secondReady: false, secondMessage: "n")
        let kept = newer.sharingUnchanged(with: older)
        #expect(kept == newer)
        #expect(kept.withUnsafeBufferPointer { $0.baseAddress } == older.withUnsafeBufferPointer { $0.baseAddress })
    }

    @Test func aChangedStatusKeepsItsSpecAndTheOtherContainerFromTheOlderVersion() {
        let older = Self.pair(secondReady: false, secondMessage: "n")
        let newer = Self.pair(secondReady: true, secondMessage: "o")
        let kept = newer.sharingUnchanged(with: older)
        #expect(kept == newer)
        #expect(kept.withUnsafeBufferPointer { $0.baseAddress } != older.withUnsafeBufferPointer { $0.baseAddress })
        #expect(Self.storage(Self.message(kept[0])) == Self.storage(Self.message(older[0])))
        #expect(Self.storage(kept[1].spec.name) == Self.storage(older[1].spec.name))
        #expect(Self.storage(Self.message(kept[1])) == Self.storage(Self.message(newer[1])))
        #expect(Self.storage(Self.message(kept[1])) != Self.storage(Self.message(older[1])))
    }

    @Test func reorderedOrFewerContainersAreANewArrayOfTheOlderRecords() {
        let one = Self.record("application-container-one", ready: true, message: String(repeating: "m", count: 40))
        let two = Self.record("application-container-two", ready: true, message: String(repeating: "n", count: 40))
        let older = [one, two]
        for newer in [[two, one], [one]] {
            // Equal records of storage of their own, as a new decode gives.
            let copies = newer.map { Self.record(String(decoding: Array($0.name.utf8), as: UTF8.self), ready: true,
                                                 message: String(decoding: Array(Self.message($0).utf8), as: UTF8.self)) }
            let kept = copies.sharingUnchanged(with: older)
            #expect(kept == newer)
            #expect(kept.withUnsafeBufferPointer { $0.baseAddress } != older.withUnsafeBufferPointer { $0.baseAddress })
            for (index, record) in kept.enumerated() {
                #expect(Self.storage(record.name) == Self.storage(newer[index].name))
                #expect(Self.storage(record.name) != Self.storage(copies[index].name))
            }
        }
    }

    /// A store of which no copy is kept (a report's) takes each newer version as decoded,
    /// sharing nothing with the older one: what it holds is equal to what a sharing store
    /// holds after every input, pods recreated, deleted and changing in every way.
    @Test(arguments: [11, 12]) func aStoreSharingNothingHoldsWhatASharingStoreHolds(seed: UInt64) {
        var sharing = Store(limits: StoreLimits(transitionsPerPod: 10, eventsPerPod: 4, detailedGonePods: 2, keptGonePods: 3))
        var plain = Store(limits: sharing.limits, sharesUnchangedParts: false)
        var scenario = RandomScenario(seed: seed)
        var updatesOfKnownPods = 0
        for step in 0..<1_000 {
            let (seconds, resource, change) = scenario.next()
            if resource == .pods, case .modified(.pod(let pod)) = change, sharing.pods[pod.metadata.uid] != nil { updatesOfKnownPods += 1 }
            let event = WatchEvent(time: Timeline.base.adding(seconds: seconds), resource: resource, change: change)
            sharing.apply(event)
            plain.apply(event)
            guard plain.pods == sharing.pods, plain.events == sharing.events, plain.endpoints == sharing.endpoints else {
                Issue.record("seed \(seed): the stores differ after step \(step) (\(resource))")
                return
            }
        }
        #expect(updatesOfKnownPods > 100)
    }

    @Test func aStoreSharingNothingKeepsTheNewerDecode() {
        let older = Objects.pod("web-aaa-1", replicaSet: "web-aaa", labels: Pods.labels, ready: false)
        let newer = Objects.pod("web-aaa-1", replicaSet: "web-aaa", labels: Pods.labels, ready: true)
        for shares in [true, false] {
            var store = Store(sharesUnchangedParts: shares)
            store.apply(WatchEvent(time: Timeline.base, resource: .pods, change: .added(ResourceKind.pods.decode(older))))
            let kept = store.pods.values.first { _ in true }!.pod.metadata.labels
            store.apply(WatchEvent(time: Timeline.base.adding(seconds: 1), resource: .pods, change: .modified(ResourceKind.pods.decode(newer))))
            let record = store.pods.values.first { _ in true }!
            #expect(record.pod.status.condition("Ready")?.status == "True")
            #expect(record.pod.metadata.labels == kept)
            // The same labels' storage (one table) only when shared.
            #expect(Self.sameStorage(record.pod.metadata.labels, kept) == shares)
        }
    }

    static func sameStorage(_ one: [String: String], _ other: [String: String]) -> Bool {
        var one = one, other = other
        return withUnsafeMutablePointer(to: &one) { first in
            withUnsafeMutablePointer(to: &other) { second in
                UnsafeRawPointer(first).load(as: UInt.self) == UnsafeRawPointer(second).load(as: UInt.self)
            }
        }
    }
}
