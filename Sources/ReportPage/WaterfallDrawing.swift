import RolloutCore

/// A pod's readiness waterfall as bars: each step from the one before it to when the
/// pod's timeline first shows it, with its offset and duration written beside it.
struct WaterfallDrawing {
    static let rowHeight = 16.0
    static let barStart = 330.0

    let waterfall: ReadinessWaterfall

    func svg() -> String {
        let timings = waterfall.timings
        // At least a second across, so steps all at +0.0 s are ticks, not full bars.
        let longest = max(1, timings.compactMap { $0?.offset }.max() ?? 1)
        func x(_ offset: Double) -> Double { Self.barStart + offset / longest * (TimeAxis.plotEnd - Self.barStart - 170) }
        var body = ""
        var y = 0.0
        for (step, timing) in zip(waterfall.steps, timings) {
            body += "<text x=\"4\" y=\"\((y + 12).svg)\">\(HTML.escape(step.label, limit: 60))</text>"
            guard let timing else {
                body += "<text x=\"180\" y=\"\((y + 12).svg)\" class=\"dim\">— not seen</text>"
                y += Self.rowHeight
                continue
            }
            let late = step.kind == .endpointReady && waterfall.endpointReadyBeforePod
            body += "<text x=\"180\" y=\"\((y + 12).svg)\">+\(durationText(timing.offset))</text>"
            if timing.delta > 0.05 { body += "<text x=\"250\" y=\"\((y + 12).svg)\" class=\"dim\">(+\(durationText(timing.delta)))</text>" }
            let x1 = x(timing.offset), x0 = min(x1, x(timing.offset - timing.delta))
            body += "<rect x=\"\(x0.svg)\" y=\"\((y + 3).svg)\" width=\"\(max(1.5, x1 - x0).svg)\" height=\"10\" class=\"\(late ? "bar-late" : "bar")\"/>"
            if late {
                body += "<text x=\"\((x1 + 6).svg)\" y=\"\((y + 12).svg)\" class=\"critical\">before the pod was Ready</text>"
            }
            y += Self.rowHeight
        }
        return "<svg viewBox=\"0 0 \(TimeAxis.width.svg) \((y + 4).svg)\" role=\"img\" aria-label=\"readiness waterfall\">\(body)</svg>"
    }
}
