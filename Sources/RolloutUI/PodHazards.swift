import KubeModel
import RolloutCore

/// Each pod instance's worst open finding and worst finding ever, by record
/// serial, as finding indices: what a table row shows in its hazard column. Kept
/// between frames and redone only for the pods whose findings changed.
struct PodHazards {
    /// By serial: the worst open finding (most severe, then latest start). Dictionaries,
    /// as serials number every pod a long session has seen.
    private var openBySerial: [Int: Int] = [:]
    /// By serial: the worst finding, open or not, by the same measure.
    private var worstBySerial: [Int: Int] = [:]

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
        openBySerial[serial] = worstOpen
        worstBySerial[serial] = worstEver
    }

    func open(_ serial: Int) -> Int? { openBySerial[serial] }
    func worst(_ serial: Int) -> Int? { worstBySerial[serial] }
}
