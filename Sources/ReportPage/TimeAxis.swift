import KubeModel

/// The one time scale every row of the page shares: the report's window mapped onto the
/// plot columns of an SVG `width` wide, with a gutter of `labelWidth` for row labels.
struct TimeAxis {
    static let width = 1100.0
    static let labelWidth = 230.0
    static let plotEnd = width - 12

    let start: Timestamp
    let end: Timestamp

    init(start: Timestamp, end: Timestamp) {
        self.start = start
        self.end = end > start ? end : start.adding(seconds: 1)
    }

    var seconds: Double { end.seconds(since: start) }

    /// The x of a time, clamped to the plot.
    func x(_ time: Timestamp) -> Double {
        let fraction = min(1, max(0, time.seconds(since: start) / seconds))
        return Self.labelWidth + fraction * (Self.plotEnd - Self.labelWidth)
    }

    /// Tick times at a round step giving about eight ticks.
    var ticks: [Timestamp] {
        let steps: [Double] = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600]
        let step = steps.first { seconds / $0 <= 9 } ?? 43200
        let first = (start.seconds / step).rounded(.up) * step
        return stride(from: first, through: end.seconds, by: step).map { Timestamp(seconds: $0) }
    }
}

extension Double {
    /// A coordinate as SVG text: at most one decimal, no trailing `.0` (the page's bytes
    /// are mostly coordinates).
    var svg: String {
        let tenths = (self * 10).rounded()
        let whole = Int(tenths) / 10, fraction = abs(Int(tenths) % 10)
        return fraction == 0 ? "\(Int(tenths / 10))" : "\(tenths < 0 && whole == 0 ? "-" : "")\(whole).\(fraction)"
    }
}

extension Timestamp {
    /// `14:23:11` (UTC), as the axis prints it.
    var clock: String { clockString(fractionDigits: 0) }
    /// `14:23:11.2`, as findings and evidence print it.
    var clockTenths: String { clockString(fractionDigits: 1) }
}

/// `7.8 s`, `2m05s`: a duration as the terminal view prints it.
func durationText(_ seconds: Double) -> String {
    if seconds < 60 { return "\((seconds * 10).rounded() / 10) s" }
    let whole = Int(seconds.rounded())
    let rest = whole % 60
    return "\(whole / 60)m\(rest < 10 ? "0" : "")\(rest)s"
}
