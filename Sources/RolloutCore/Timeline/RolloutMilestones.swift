import KubeModel

/// The rollout's turning points: the first pod of the new revision, the first of them
/// Ready, and the moment the last old pod left. Replay jumps to them and the HTML page
/// draws them as rules across every row.
public struct RolloutMilestones: Sendable, Equatable {
    public var firstNewPod: Timestamp?
    public var firstNewPodReady: Timestamp?
    /// Only once every old pod is gone.
    public var lastOldPodGone: Timestamp?

    public init(_ store: Store) {
        var newPods: [PodRecord] = []
        var oldPods: [PodRecord] = []
        for record in store.pods.values {
            switch store.revision(of: record) {
            case .new: newPods.append(record)
            case .old: oldPods.append(record)
            case .unknown: break
            }
        }
        firstNewPod = newPods.map(\.firstSeen).min()
        firstNewPodReady = newPods.compactMap { pod in
            pod.timeline.first { if case .condition("Ready", "True", _) = $0.change { return true } else { return false } }?.time
        }.min()
        if !oldPods.isEmpty, oldPods.allSatisfy(\.isRemoved) {
            lastOldPodGone = oldPods.compactMap(\.removedAt).max()
        }
    }

    /// Each milestone reached, with its name, in time order.
    public var all: [(time: Timestamp, label: String)] {
        [(firstNewPod, "first new pod"), (firstNewPodReady, "first new pod ready"), (lastOldPodGone, "last old pod gone")]
            .compactMap { time, label in time.map { ($0, label) } }
            .sorted { $0.time < $1.time }
    }
}
