import KubeModel
import RolloutCore

/// A point worth jumping to in a replay: a finding opening or closing, or a rollout milestone.
public struct ReplayMarker: Sendable, Equatable {
    public var time: Timestamp
    public var label: String

    /// Findings opening and closing, first new pod, first new pod ready, last old pod gone.
    static func markers(in timeline: ReplayTimeline) -> [ReplayMarker] {
        let final = timeline.finalState
        var markers: [ReplayMarker] = []
        for finding in final.findings {
            let subject = finding.pod ?? finding.service ?? ""
            markers.append(ReplayMarker(time: finding.start, label: "\(finding.rule.rawValue) opens on \(subject)"))
            if let end = finding.end { markers.append(ReplayMarker(time: end, label: "\(finding.rule.rawValue) ends on \(subject)")) }
        }
        let store = final.store
        let newPods = store.pods.values.filter { store.revision(of: $0) == .new }
        let oldPods = store.pods.values.filter { store.revision(of: $0) == .old }
        if let first = newPods.map(\.firstSeen).min() { markers.append(ReplayMarker(time: first, label: "first new pod")) }
        let readyTimes = newPods.compactMap { pod in
            pod.timeline.first { if case .condition("Ready", "True", _) = $0.change { return true } else { return false } }?.time
        }
        if let firstReady = readyTimes.min() { markers.append(ReplayMarker(time: firstReady, label: "first new pod ready")) }
        if !oldPods.isEmpty, oldPods.allSatisfy(\.isRemoved), let last = oldPods.compactMap(\.removedAt).max() {
            markers.append(ReplayMarker(time: last, label: "last old pod gone"))
        }
        return markers.sorted { $0.time < $1.time }
    }
}
