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
        for milestone in RolloutMilestones(final.store).all {
            markers.append(ReplayMarker(time: milestone.time, label: milestone.label))
        }
        return markers.sorted { $0.time < $1.time }
    }
}
