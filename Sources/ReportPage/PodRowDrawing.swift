import KubeModel
import RolloutCore

/// One pod's row of the timeline as an SVG of its own: a title line, a lane per container,
/// Service membership, gate and `Ready`, a marker line for events and the deletion, failed
/// requests per second when the report has access logs, the pod's finding windows shaded
/// and labelled over the lanes, and the milestone rules. Rows share the page's `TimeAxis`, so stacked
/// they read as one chart; apart, each is an anchor a finding links to.
struct PodRowDrawing {
    static let laneHeight = 13.0
    static let titleHeight = 18.0

    let record: PodRecord
    let axis: TimeAxis
    /// This pod's findings with their index in the page's findings list.
    let findings: [(index: Int, finding: Finding)]
    let milestones: [(time: Timestamp, label: String)]
    /// Failed requests per second of this pod (empty without access logs) and the page's
    /// highest such count, which scales every row's bars alike.
    let failedSeconds: [(second: Int64, failed: Int)]
    let failedScale: Int
    let hasTraffic: Bool
    /// Whether the page spans namespaces, and so names pods with theirs.
    let namesNamespace: Bool

    func svg() -> String {
        let lanes = record.lanes
        let end = record.removedAt ?? axis.end
        var body = ""
        var y = Self.titleHeight
        for lane in lanes {
            body += "<text x=\"14\" y=\"\((y + 9).svg)\"\(labelClass(lane.kind))>\(HTML.escape(lane.label, limit: 40))</text>"
            for span in lane.spans(until: end) {
                let x0 = axis.x(span.start), x1 = max(axis.x(span.end), x0 + 0.8)
                body += "<rect x=\"\(x0.svg)\" y=\"\((y + 1).svg)\" width=\"\((x1 - x0).svg)\" height=\"9\" class=\"\(stateClass(span.state, lane.kind))\"/>"
            }
            y += Self.laneHeight
        }
        body += "<text x=\"14\" y=\"\((y + 9).svg)\" class=\"dim\">events</text>"
        for (time, mark) in record.timelineMarks {
            let x = axis.x(time)
            switch mark {
            case .event(let reason, let message):
                body += "<path d=\"M\(x.svg) \((y + 1).svg)l4 8h-8z\" class=\"ev\"><title>\(HTML.escape(time.clockTenths + " " + reason + ": " + message, limit: 300))</title></path>"
            case .deletionRequested:
                body += "<path d=\"M\(x.svg) \((y + 1).svg)v9\" class=\"del\"><title>\(time.clockTenths) deletion requested</title></path>"
            }
        }
        y += Self.laneHeight
        if hasTraffic {
            body += "<text x=\"14\" y=\"\((y + 9).svg)\" class=\"dim\">failed req/s</text>"
            let width = max(1, axis.x(axis.start.adding(seconds: 1)) - axis.x(axis.start))
            for (second, failed) in failedSeconds where failed > 0 {
                let height = max(1, 10 * Double(failed) / Double(max(1, failedScale)))
                let x = axis.x(Timestamp(microseconds: second * 1_000_000))
                body += "<rect x=\"\(x.svg)\" y=\"\((y + 11 - height).svg)\" width=\"\(width.svg)\" height=\"\(height.svg)\" class=\"fail\"><title>\(failed) failed</title></rect>"
            }
            y += Self.laneHeight
        }
        let height = y + 3
        var shades = ""
        // Labels go left to right in the title line; one that would overlap the one
        // before it starts after it (about 5.5 units a character at this size).
        var labelEnd = TimeAxis.labelWidth
        for (index, finding) in findings {
            let x0 = axis.x(finding.start), x1 = max(axis.x(finding.end ?? end), x0 + 2)
            shades += "<a href=\"#finding-\(index)-detail\"><rect x=\"\(x0.svg)\" y=\"\(Self.titleHeight.svg)\" width=\"\((x1 - x0).svg)\" height=\"\((height - Self.titleHeight).svg)\" class=\"hz-\(finding.severity.rawValue)\"/>"
            let label = finding.rule.rawValue
            let labelWidth = 5.5 * Double(label.count)
            let labelX = min(max(x0 + 2, labelEnd + 6), TimeAxis.width - labelWidth)
            labelEnd = labelX + labelWidth
            shades += "<text x=\"\(labelX.svg)\" y=\"\((Self.titleHeight - 4).svg)\" class=\"sev-\(finding.severity.rawValue)\">\(label)</text></a>"
        }
        var rules = ""
        for milestone in milestones {
            let x = axis.x(milestone.time).svg
            rules += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"0\" y2=\"\(height.svg)\" class=\"ms\"/>"
        }
        let title = "<text x=\"4\" y=\"13\" class=\"pod\">\(HTML.escape(namesNamespace ? record.podName.description : record.podName.name, limit: 38))<title>\(HTML.escape(record.podName.description))</title></text>"
            + "<line x1=\"0\" x2=\"\(TimeAxis.width.svg)\" y1=\"0.5\" y2=\"0.5\" class=\"grid\"/>"
        return "<svg viewBox=\"0 0 \(TimeAxis.width.svg) \(height.svg)\" role=\"img\" aria-label=\"timeline of \(HTML.escape(record.podName.name))\">"
            + title + rules + body + shades + "</svg>"
    }

    private func labelClass(_ kind: PodLane.Kind) -> String {
        guard case .container(_, let role) = kind else { return " class=\"dim\"" }
        switch role {
        case .sidecar: return " class=\"l-sidecar\""
        case .initializer: return " class=\"l-init\""
        default: return " class=\"l-app\""
        }
    }

    /// `c-`, `e-` or `g-` by what the lane is, then the state: the stylesheet colours it.
    private func stateClass(_ state: PodLane.State, _ kind: PodLane.Kind) -> String {
        let prefix: String
        switch kind {
        case .container: prefix = "c-"
        case .service: prefix = "e-"
        case .gate, .ready: prefix = "g-"
        }
        switch state {
        case .none: return prefix + "none"
        case .waiting: return prefix + "waiting"
        case .running: return prefix + "running"
        case .ready: return prefix + "ready"
        case .serving: return prefix + "serving"
        case .terminating: return prefix + "terminating"
        case .listed: return prefix + "listed"
        }
    }
}
