import KubeModel
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
}
