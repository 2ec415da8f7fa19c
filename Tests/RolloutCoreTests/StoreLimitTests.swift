import JSONLite
import KubeModel
import Testing
@testable import RolloutCore

/// What keeps memory bounded over a long session: per-pod history caps, gone pods
/// beyond the most recent few cut down to what the table and report print, and gone
/// pods beyond `keptGonePods` dropped and counted (the report says how many).
struct StoreLimitTests {
    @Test func aPodKeepsItsNewestTransitionsUpToTheCap() {
        var store = Store(limits: StoreLimits(transitionsPerPod: 10))
        for second in 0..<40 {
            store.apply(StoreTests.event(.pods, .modified(StoreTests.pod("a", ready: second % 2 == 0)), at: Double(second)))
        }
        let record = store.orderedPods[0]
        #expect(record.timeline.count == 10)
        #expect(record.droppedTransitions > 0)
        #expect(record.timeline.last?.time == StoreTests.at(39), "the newest are kept")
    }

    @Test func goneBeyondTheLimitKeepWhatTheReportPrints() {
        var store = Store(limits: StoreLimits(detailedGonePods: 1))
        for (index, name) in ["a", "b", "c"].enumerated() {
            store.apply(StoreTests.event(.pods, .added(StoreTests.pod(name)), at: Double(index)))
        }
        var before: [String: JSON] = [:]
        let report = { (store: Store) in
            Report(version: "t", source: ReportSource(kind: .live), store: store, findings: [], now: StoreTests.at(20)).json()["pods"].array
        }
        for (index, name) in ["a", "b", "c"].enumerated() {
            store.apply(StoreTests.event(.pods, .deleted(StoreTests.pod(name)), at: Double(10 + index)))
            _ = store.takeChanges() // the rules have seen it
            // Each pod as the report printed it just after it went, before it was cut down.
            for pod in report(store) where pod["deleted"].bool == true && before[pod["name"].string!] == nil {
                before[pod["name"].string!] = pod
            }
        }
        let records = store.orderedPods
        #expect(records.map(\.podName.name) == ["a", "b", "c"])
        #expect(records.map { $0.timeline.isEmpty } == [true, true, false], "only the most recently gone keeps its timeline")
        #expect(records[0].droppedTransitions > 0)
        #expect(records[0].pod.metadata.annotations.isEmpty)
        #expect(before.count == 3)
        for pod in report(store) {
            #expect(pod == before[pod["name"].string!], "the report says the same of \(pod["name"])")
        }
    }

    @Test func aGonePodTheRulesHaveNotSeenKeepsItsDetail() {
        var store = Store(limits: StoreLimits(detailedGonePods: 0))
        store.apply(StoreTests.event(.pods, .added(StoreTests.pod("a")), at: 0))
        _ = store.takeChanges()
        store.apply(StoreTests.event(.pods, .deleted(StoreTests.pod("a")), at: 1))
        #expect(!store.orderedPods[0].timeline.isEmpty, "removed by this input: the rules still read it")
    }

    private static func report(_ store: Store) -> JSON {
        Report(version: "t", source: ReportSource(kind: .live), store: store, findings: [], now: StoreTests.at(1_000)).json()
    }

    /// Adds pods named `prefix-0…` and deletes them, one input each, the rules reading each.
    private static func roll(_ store: inout Store, _ prefix: String, _ count: Int, from start: Double) {
        for index in 0..<count {
            store.apply(StoreTests.event(.pods, .added(StoreTests.pod("\(prefix)-\(index)")), at: start + Double(index)))
        }
        for index in 0..<count {
            store.apply(StoreTests.event(.pods, .deleted(StoreTests.pod("\(prefix)-\(index)")), at: start + Double(count + index)))
            _ = store.takeChanges()
        }
    }

    @Test func goneBeyondTheLimitLeaveTheStoreAndAreCounted() {
        var store = Store(limits: StoreLimits(detailedGonePods: 1, keptGonePods: 3))
        StoreLimitTests.roll(&store, "a", 6, from: 0)
        store.apply(StoreTests.event(.pods, .added(StoreTests.pod("live")), at: 100))
        #expect(store.orderedPods.map(\.podName.name) == ["a-3", "a-4", "a-5", "live"], "the most recently gone and the live pod")
        #expect(store.pods.count == 4)
        #expect(store.podsNotKept == 3)
        #expect(store.instances[PodName(namespace: "shop", name: "a-0")] == nil)
        #expect(store.displayOrder.count == 4)
        let json = StoreLimitTests.report(store)
        #expect(json["podsNotKept"].int == 3)
        #expect(json["pods"].array.count == 4)
        let text = ReportRenderer(format: .text).render(
            Report(version: "t", source: ReportSource(kind: .live), store: store, findings: [], now: StoreTests.at(1_000)))
        #expect(text.contains("3 earlier deleted pods not kept"))
    }

    @Test func rolloutAfterRolloutStaysTheSameSize() {
        var store = Store(limits: StoreLimits(detailedGonePods: 5, keptGonePods: 20))
        var sizes: [Int] = []
        for rollout in 0..<6 {
            StoreLimitTests.roll(&store, "r\(rollout)", 15, from: Double(rollout * 100))
            sizes.append(store.pods.count)
        }
        #expect(sizes == [15, 20, 20, 20, 20, 20])
        #expect(store.podsNotKept == 6 * 15 - 20)
        #expect(store.displayOrder.count == 20)
        #expect(store.orderedPods.filter(\.isRemoved).count == 20)
    }

    @Test func aRolloutOfTenThousandPodsKeepsEveryPod() {
        var store = Store()
        StoreLimitTests.roll(&store, "p", 10_000, from: 0)
        #expect(store.podsNotKept == 0)
        #expect(store.orderedPods.count == 10_000)
        #expect(StoreLimitTests.report(store).object?["podsNotKept"] == nil, "a normal rollout's report has no such field")
    }

    /// The default bound follows the most pods live at once (at least 1,000): a rollout
    /// of 1,200 pods, each replaced by a new one before it goes, lists all 1,200 it
    /// replaced; the next rollout pushes those out, and a forgotten pod's uid is let go.
    @Test func byDefaultTheLastRolloutsReplacedPodsAreKept() {
        var store = Store()
        let pods = 1_200
        var time = 0.0
        func rollOver(from old: String, to new: String) {
            for index in 0..<pods {
                time += 1
                store.apply(StoreTests.event(.pods, .added(StoreTests.pod("\(new)-\(index)")), at: time))
                if !old.isEmpty { store.apply(StoreTests.event(.pods, .deleted(StoreTests.pod("\(old)-\(index)")), at: time)) }
                _ = store.takeChanges()
            }
        }
        rollOver(from: "", to: "r0")
        rollOver(from: "r0", to: "r1")
        #expect(store.mostLivePods == pods + 1, "one surge pod at a time")
        #expect(store.keptGonePods == pods + 1)
        #expect(store.podsNotKept == 0, "the whole rollout's replaced pods are listed")
        rollOver(from: "r1", to: "r2")
        #expect(store.podsNotKept == pods - 1)
        #expect(store.orderedPods.filter(\.isRemoved).count == pods + 1)
        #expect(store.uidsBySerial[0] == "", "r0-0 left the store, and its uid with it")
        #expect(store.record(serial: 0) == nil)
        #expect(store.uidsBySerial[store.uidsBySerial.count - 1] != "")
    }

    /// What a view's row memo reads instead of every record: the serials changed after a
    /// generation, and nil once the bounded log no longer reaches back that far.
    @Test func theStoreNamesTheRecordsChangedSinceAGeneration() throws {
        var store = Store()
        for name in ["a", "b", "c"] {
            store.apply(StoreTests.event(.pods, .added(StoreTests.pod(name)), at: 0))
        }
        #expect(store.serialsChanged(since: 0) == [0, 1, 2])
        #expect(store.serialsChanged(since: 2) == [2])
        #expect(store.serialsChanged(since: 3) == [])
        for second in 1...5_000 {
            store.apply(StoreTests.event(.pods, .modified(StoreTests.pod("b", ready: second % 2 == 0)), at: Double(second)))
        }
        #expect(store.serialsChanged(since: 0) == nil, "the log no longer reaches back: read every record")
        #expect(try #require(store.serialsChanged(since: store.generation - 2)) == [1, 1])
    }
}
