import KubeModel
import RolloutCore

/// The findings as frames read them (each pod's hazards, the findings list's
/// order), kept between frames and brought up to the engine by what changed since
/// the last frame (`FindingIndex.changes(since:stamp:)`): a frame with nothing new
/// does nothing here, one after a few inputs redoes a few findings. A state that
/// does not descend from the last one seen (another history, a replay seeking back
/// or from another keyframe) is started over.
final class FindingsCache {
    private var lineage: ObjectIdentifier?
    private var generation = 0
    private var stamp: UInt64 = 0
    /// `Store.podsNotKept` when last brought up: a pod leaving the store takes its
    /// findings' pod (and its hazards) with it, so the cache starts over.
    private var notKept = 0
    private(set) var hazards = PodHazards()
    private(set) var order = FindingOrder()
    /// How many times the cache started over: tests see incremental updates happen.
    private(set) var rebuilds = 0

    func update(from state: RolloutState) {
        let index = state.findingIndex
        let store = state.store
        let findings = state.findings
        let lineage = ObjectIdentifier(store.lineage)
        let sameHistory = lineage == self.lineage && store.podsNotKept == notKept
        if sameHistory, index.generation == generation, index.stamp == stamp { return }
        if sameHistory, let changed = index.changes(since: generation, stamp: stamp) {
            var pods = Set<String>()
            for position in Set(changed) {
                order.update(position, findings: findings, store: store)
                if let uid = findings[position].podUID { pods.insert(uid) }
            }
            for uid in pods { hazards.update(pod: uid, findings: findings, index: index, store: store) }
        } else {
            hazards = PodHazards(findings: findings, index: index, store: store)
            order = FindingOrder(findings: findings, store: store)
            rebuilds += 1
        }
        self.lineage = lineage
        notKept = store.podsNotKept
        generation = index.generation
        stamp = index.stamp
    }
}
