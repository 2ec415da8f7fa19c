import KubeModel
import RolloutCore

/// `f`: every finding, open ones first, most severe first, with its window; then,
/// with access logs, the failed requests no finding explains, each as its own row.
/// The order is `FindingOrder`'s, kept between frames; only the lines on screen
/// are read from it.
struct FindingsList {
    /// Indices into `findings`, in list order.
    let order: [Int]
    let findings: [Finding]
    /// After the findings: failures outside every finding's window (`UnexplainedCache`).
    let unexplained: [UnexplainedFailures]
    let selected: Int
    let input: ViewInput

    func draw(into screen: inout Screen, in area: Rect) {
        screen.fill(x: area.x, y: area.y, width: area.width, height: 1, role: .title)
        let unexplainedCount = unexplained.isEmpty ? "" : " + \(unexplained.count) UNEXPLAINED"
        screen.put("  FINDINGS (\(order.count))\(unexplainedCount)   ⏎ opens the pod   f or Esc back", x: area.x, y: area.y, role: .title)
        if order.isEmpty && unexplained.isEmpty {
            screen.put("No findings: nothing raced so far.", x: area.x + 2, y: area.y + 2, role: .ok)
            return
        }
        // Two lines per row: what and when, then its summary.
        let count = order.count + unexplained.count
        let perPage = max(1, (area.height - 1) / 2)
        let first = max(0, min(selected - perPage / 2, count - perPage))
        for index in first..<min(count, first + perPage) {
            let y = area.y + 1 + (index - first) * 2
            let (line, summary) = index < order.count ? rows(findings[order[index]]) : rows(unexplained[index - order.count])
            screen.draw(line, x: area.x, y: y, width: area.width)
            screen.draw(summary, x: area.x, y: y + 1, width: area.width)
            if index == selected {
                for row in [y, y + 1] {
                    for x in area.x..<area.x + area.width where [.text, .dim].contains(screen[x, row].role) {
                        screen.paint(x: x, y: row, width: 1, role: .selection)
                    }
                }
            }
        }
    }

    private func rows(_ finding: Finding) -> (Line, Line) {
        let where_ = [finding.pod, finding.service.map { "svc/" + $0 }].compactMap { $0 }.joined(separator: " → ")
        let line: Line = [
            Segment(Format.pad(finding.severity.glyph(input.glyphs), 2), finding.end == nil ? finding.severity.shadeRole : finding.severity.role),
            Segment(Format.pad(finding.rule.rawValue, 31), finding.severity.role),
            Segment(Format.pad(where_, 34) + " ", .text),
            Segment(window(finding), finding.end == nil ? finding.severity.role : .dim),
        ]
        var summary: Line = [Segment("   ", .dim)]
        if let traffic = input.state.traffic {
            // Its requests, before the summary: "4 of 4 failed: 503 UF,URX×4".
            let impact = traffic.impact(of: finding, store: input.state.store, now: input.now)
            let text = impact.failed > 0 ? "\(impact.failed) of \(impact.requests) failed: \(impact.failureSummary)"
                : "0 of \(impact.requests) failed"
            summary.append(Segment("\(input.glyphs.failed) " + text + "  ", impact.failed > 0 ? .error : .dim))
        }
        summary.append(Segment(finding.summary, .dim))
        return (line, summary)
    }

    /// A window of failures no finding explains: where, when and how many.
    private func rows(_ window: UnexplainedFailures) -> (Line, Line) {
        let where_ = window.pod ?? window.service.map { "svc/" + $0 } ?? ""
        let seconds = window.end.seconds(since: window.start)
        let line: Line = [
            Segment(Format.pad(String(input.glyphs.failed), 2), .error),
            Segment(Format.pad("unexplained failures", 31), .error),
            Segment(Format.pad(where_, 34) + " ", .text),
            Segment("\(Format.clock(window.start))–\(Format.clock(window.end)) (\(Format.seconds(seconds)))", .dim),
        ]
        let counts = window.counts
        let summary: Line = [
            Segment("   \(input.glyphs.failed) \(counts.failed) failed: \(counts.failureSummary)  ", .error),
            Segment("no finding's window covers these requests", .dim),
        ]
        return (line, summary)
    }

    private func window(_ finding: Finding) -> String {
        let start = Format.clockTenths(finding.start)
        guard let end = finding.end else { return "since \(start) (open, \(Format.seconds(finding.seconds(until: input.now))))" }
        return "\(start)–\(Format.clockTenths(end)) (\(Format.seconds(finding.seconds(until: end))))"
    }
}
