import KubeModel
import RolloutCore

/// Pods per revision over time — how many existed and how many were Ready — for the page
/// of a big rollout, where drawing every pod would make a page nobody opens.
struct RevisionSummary {
    static let samples = 240
    static let height = 130.0

    let axis: TimeAxis
    /// Per revision drawn (new, old, unknown), pods existing and Ready at each sample.
    private(set) var series: [(revision: Revision, existing: [Int], ready: [Int])] = []

    init(store: Store, axis: TimeAxis) {
        self.axis = axis
        var deltas: [Revision: (existing: [Int], ready: [Int])] = [:]
        // Each pod adds +1 from the sample after it appeared to the sample after it left, so
        // a running sum over the samples is the count at each: one pass over the pods.
        func sample(_ time: Timestamp) -> Int {
            let fraction = time.seconds(since: axis.start) / axis.seconds
            return min(Self.samples, max(0, Int((fraction * Double(Self.samples - 1)).rounded(.up))))
        }
        for record in store.pods.values {
            let revision = store.revision(of: record)
            var entry = deltas[revision] ?? ([Int](repeating: 0, count: Self.samples + 1), [Int](repeating: 0, count: Self.samples + 1))
            entry.existing[sample(record.firstSeen)] += 1
            if let gone = record.removedAt { entry.existing[sample(gone)] -= 1 }
            var readySince: Timestamp?
            for transition in record.timeline {
                guard case .condition("Ready", let status, _) = transition.change else { continue }
                if status == "True", readySince == nil { readySince = transition.time }
                if status != "True", let since = readySince {
                    entry.ready[sample(since)] += 1
                    entry.ready[sample(transition.time)] -= 1
                    readySince = nil
                }
            }
            if let since = readySince {
                entry.ready[sample(since)] += 1
                if let gone = record.removedAt { entry.ready[sample(gone)] -= 1 }
            }
            deltas[revision] = entry
        }
        for revision in [Revision.new, .old, .unknown] {
            guard let entry = deltas[revision] else { continue }
            func running(_ values: [Int]) -> [Int] {
                var sum = 0
                return values.prefix(Self.samples).map { sum += $0; return sum }
            }
            series.append((revision, running(entry.existing), running(entry.ready)))
        }
    }

    func svg(milestones: [(time: Timestamp, label: String)]) -> String {
        let top = 16.0, bottom = Self.height - 4
        let most = max(1, series.flatMap(\.existing).max() ?? 1)
        func x(_ index: Int) -> Double {
            TimeAxis.labelWidth + Double(index) / Double(Self.samples - 1) * (TimeAxis.plotEnd - TimeAxis.labelWidth)
        }
        func y(_ count: Int) -> Double { bottom - (bottom - top) * Double(count) / Double(most) }
        var body = "<text x=\"4\" y=\"12\" class=\"pod\">pods per revision</text><text x=\"4\" y=\"26\" class=\"dim\">line: existing, area: Ready</text>"
        body += "<text x=\"\((TimeAxis.labelWidth - 4).svg)\" y=\"\((top + 8).svg)\" text-anchor=\"end\" class=\"dim\">\(most)</text>"
        body += "<text x=\"\((TimeAxis.labelWidth - 4).svg)\" y=\"\(bottom.svg)\" text-anchor=\"end\" class=\"dim\">0</text>"
        for (offset, entry) in series.enumerated() {
            let name = entry.revision.rawValue
            var area = "M\(x(0).svg) \(bottom.svg)"
            for (index, count) in entry.ready.enumerated() { area += "L\(x(index).svg) \(y(count).svg)" }
            area += "L\(x(Self.samples - 1).svg) \(bottom.svg)z"
            let line = entry.existing.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(x($0.offset).svg) \(y($0.element).svg)" }.joined()
            body += "<path d=\"\(area)\" class=\"r-\(name)\"/><path d=\"\(line)\" class=\"n-\(name)\"/>"
            body += "<text x=\"4\" y=\"\((44 + 13 * Double(offset)).svg)\" class=\"rev-\(name)\">\(name): at most \(entry.existing.max() ?? 0)</text>"
        }
        for milestone in milestones {
            let position = axis.x(milestone.time).svg
            body += "<line x1=\"\(position)\" x2=\"\(position)\" y1=\"0\" y2=\"\(Self.height.svg)\" class=\"ms\"/>"
        }
        return "<svg viewBox=\"0 0 \(TimeAxis.width.svg) \(Self.height.svg)\" role=\"img\" aria-label=\"pods per revision over time\">\(body)</svg>"
    }
}
