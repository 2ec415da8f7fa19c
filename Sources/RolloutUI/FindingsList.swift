import KubeModel
import RolloutCore

/// `f`: every finding, open ones first, most severe first, with its window.
/// The order is `FindingOrder`'s, kept between frames; only the lines on screen
/// are read from it.
struct FindingsList {
    /// Indices into `findings`, in list order.
    let order: [Int]
    let findings: [Finding]
    let selected: Int
    let input: ViewInput

    func draw(into screen: inout Screen, in area: Rect) {
        screen.fill(x: area.x, y: area.y, width: area.width, height: 1, role: .title)
        screen.put("  FINDINGS (\(order.count))   ⏎ opens the pod   f or Esc back", x: area.x, y: area.y, role: .title)
        if order.isEmpty {
            screen.put("No findings: nothing raced so far.", x: area.x + 2, y: area.y + 2, role: .ok)
            return
        }
        // Two lines per finding: what and when, then its summary.
        let perPage = max(1, (area.height - 1) / 2)
        let first = max(0, min(selected - perPage / 2, order.count - perPage))
        for (offset, position) in order.dropFirst(first).prefix(perPage).enumerated() {
            let finding = findings[position]
            let index = first + offset
            let y = area.y + 1 + offset * 2
            let where_ = [finding.pod, finding.service.map { "svc/" + $0 }].compactMap { $0 }.joined(separator: " → ")
            var line: Line = [
                Segment(Format.pad(finding.severity.glyph(input.glyphs), 2), finding.end == nil ? finding.severity.shadeRole : finding.severity.role),
                Segment(Format.pad(finding.rule.rawValue, 31), finding.severity.role),
                Segment(Format.pad(where_, 34) + " ", .text),
            ]
            line.append(Segment(window(finding), finding.end == nil ? finding.severity.role : .dim))
            screen.draw(line, x: area.x, y: y, width: area.width)
            screen.put("   " + finding.summary, x: area.x, y: y + 1, role: .dim, limit: area.width)
            if index == selected {
                for row in [y, y + 1] {
                    for x in area.x..<area.x + area.width where [.text, .dim].contains(screen[x, row].role) {
                        screen.paint(x: x, y: row, width: 1, role: .selection)
                    }
                }
            }
        }
    }

    private func window(_ finding: Finding) -> String {
        let start = Format.clockTenths(finding.start)
        guard let end = finding.end else { return "since \(start) (open, \(Format.seconds(finding.seconds(until: input.now))))" }
        return "\(start)–\(Format.clockTenths(end)) (\(Format.seconds(finding.seconds(until: end))))"
    }
}
