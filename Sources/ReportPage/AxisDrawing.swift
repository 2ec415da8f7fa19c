import KubeModel

/// The shared time axis above the rows: ticks in the cluster's time (UTC, as received)
/// and the milestones named where their rules start.
struct AxisDrawing {
    let axis: TimeAxis
    let milestones: [(time: Timestamp, label: String)]

    func svg() -> String {
        let height = 20.0 + 11 * Double(milestones.count)
        var body = "<text x=\"4\" y=\"12\" class=\"dim\">UTC (as received)</text>"
        for tick in axis.ticks {
            let x = axis.x(tick).svg
            // The last label would be cut at the right edge if centred on its tick.
            let anchor = axis.x(tick) > TimeAxis.plotEnd - 25 ? "end" : "middle"
            body += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"14\" y2=\"\(height.svg)\" class=\"grid\"/><text x=\"\(x)\" y=\"12\" text-anchor=\"\(anchor)\" class=\"dim\">\(tick.clock)</text>"
        }
        for (offset, milestone) in milestones.enumerated() {
            let x = axis.x(milestone.time)
            let y = 24.0 + 11 * Double(offset)
            let anchor = x > TimeAxis.width * 0.75 ? "end" : "start"
            body += "<line x1=\"\(x.svg)\" x2=\"\(x.svg)\" y1=\"\((y - 8).svg)\" y2=\"\(height.svg)\" class=\"ms\"/>"
            body += "<text x=\"\((anchor == "end" ? x - 3 : x + 3).svg)\" y=\"\(y.svg)\" text-anchor=\"\(anchor)\" class=\"ms-label\">\(milestone.label) \(milestone.time.clockTenths)</text>"
        }
        return "<svg viewBox=\"0 0 \(TimeAxis.width.svg) \(height.svg)\" role=\"img\" aria-label=\"time axis\">\(body)</svg>"
    }
}
