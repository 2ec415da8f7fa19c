import KubeModel
import RolloutCore

/// What the followed proxy logs say of the selected pod: its errors lane and each
/// finding's count of failed requests. Nothing without access logs (the ledger is
/// nil until the first log line), so such a session's pane is as it always was.
extension DetailPane {
    /// Failed requests per column of the timeline, shaded by count (`Glyphs.errorShades`),
    /// on the other lanes' axis, by the requests' own start times. A column narrower than
    /// a second shows the second its middle falls in (so one second's failures are not
    /// counted twice where a column straddles two); a wider one sums the seconds that
    /// start in it. Read from the ledger's per-second counts for this pod's life only.
    func errorsLane(width: Int, time: (Int) -> Timestamp, column: (Timestamp) -> Int) -> [Mark]? {
        guard let traffic = input.state.traffic else { return nil }
        let failed = traffic.failedSeconds(of: record.podName, from: start, to: end)
        var counts = [Int](repeating: 0, count: width)
        if end.seconds(since: start) < Double(width) {
            let bySecond = Dictionary(failed.map { ($0.second, $0.failed) }, uniquingKeysWith: +)
            for index in 0..<width { counts[index] = bySecond[TrafficLedger.second(time(index))] ?? 0 }
        } else {
            for (second, count) in failed { counts[column(Timestamp(microseconds: second * 1_000_000))] += count }
        }
        return counts.map { count in
            count == 0 ? Mark(" ", .dim) : Mark(String(glyphs.errorShades[Self.shade(of: count)]), .error)
        }
    }

    /// 1, 2–3, 4–9, 10 or more.
    static func shade(of count: Int) -> Int {
        count >= 10 ? 3 : count >= 4 ? 2 : count >= 2 ? 1 : 0
    }

    /// "4 requests failed during this window: 503 UF,URX×4", under the finding's window,
    /// wrapped to the pane.
    func impactLines(_ finding: Finding, width: Int) -> [Line] {
        guard let traffic = input.state.traffic else { return [] }
        let impact = traffic.impact(of: finding, store: input.state.store, now: input.now)
        return wrap(impact.windowSentence, width: width - 3).map { [Segment("   " + $0, impact.failed > 0 ? .error : .dim)] }
    }
}
