import KubeModel
import RolloutCore

/// Each pod instance's worst open finding and worst finding ever, by record
/// serial, as finding indices: what a table row shows in its hazard column. Kept
/// between frames and redone only for the pods whose findings changed.
struct PodHazards {
    /// By serial: the worst open finding (most severe, then latest start), -1 for none.
    /// Arrays of 4-byte slots, as a regrouping reads every shown pod's (a dictionary's
    /// hashing cost as much as the rest of the frame), up to the newest pod with a finding.
    private var openBySerial: [Int32] = []
    /// By serial: the worst finding, open or not, by the same measure.
    private var worstBySerial: [Int32] = []

    init() {}

    /// Every pod's from scratch.
    init(findings: [Finding], index: FindingIndex, store: Store) {
        var seen = Set<String>()
        for finding in findings {
            guard let uid = finding.podUID, seen.insert(uid).inserted else { continue }
            update(pod: uid, findings: findings, index: index, store: store)
        }
    }

    /// Redoes one pod instance (by uid) from its findings, in the order found, so of
    /// two equally bad ones the first stays, as a pass over all findings would keep it.
    mutating func update(pod uid: String, findings: [Finding], index: FindingIndex, store: Store) {
        guard let serial = store.pods[uid]?.serial else { return }
        if serial >= openBySerial.count {
            openBySerial.append(contentsOf: repeatElement(-1, count: serial + 1 - openBySerial.count))
            worstBySerial.append(contentsOf: repeatElement(-1, count: serial + 1 - worstBySerial.count))
        }
        func worse(_ current: Int?, _ candidate: Int) -> Int {
            guard let current else { return candidate }
            let (a, b) = (findings[current], findings[candidate])
            return (a.severity, a.start) < (b.severity, b.start) ? candidate : current
        }
        var worstOpen: Int?
        var worstEver: Int?
        for position in index.findings(ofPod: uid) {
            worstEver = worse(worstEver, position)
            if findings[position].end == nil { worstOpen = worse(worstOpen, position) }
        }
        openBySerial[serial] = Int32(worstOpen ?? -1)
        worstBySerial[serial] = Int32(worstEver ?? -1)
    }

    func open(_ serial: Int) -> Int? { Self.finding(in: openBySerial, serial) }
    func worst(_ serial: Int) -> Int? { Self.finding(in: worstBySerial, serial) }

    private static func finding(in slots: [Int32], _ serial: Int) -> Int? {
        serial < slots.count && slots[serial] >= 0 ? Int(slots[serial]) : nil
    }
}
