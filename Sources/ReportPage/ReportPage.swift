import KubeModel
import RolloutCore
import RolloutUI

/// `report --format html`: the postmortem page — one self-contained HTML file with the
/// header, the timeline of every pod (or, for a big rollout, of the pods with findings and
/// a summary of the rest) on one time axis with the milestones, each troubled pod's
/// readiness waterfall and findings with evidence and the fix, the findings list and the
/// pod table. It loads nothing and runs no script: its Content-Security-Policy allows
/// only its own stylesheet, by hash. Written a piece at a time, like the other reports.
public struct ReportPage {
    /// Up to this many pods, every pod is drawn in full; beyond, only pods with findings
    /// are, and the rest are summarised (counts per revision over time) and listed.
    public static let drawEveryPodUpTo = 200
    /// At most this many pods with findings are drawn in full with their details, worst
    /// first: past it the page would pass its size bound; the rest stay in both tables.
    public static let mostDrawn = 500

    let report: Report
    let palette: PagePalette
    let axis: TimeAxis
    let milestones: [(time: Timestamp, label: String)]
    /// The report's findings, most severe first: their index is their anchor.
    let findings: [Finding]
    /// Finding indices by pod uid.
    let findingsOfPod: [String: [Int]]
    /// Serials of the pods drawn in full.
    let drawn: Set<Int>

    public init(report: Report) {
        self.report = report
        palette = PagePalette()
        let store = report.store
        let start = store.firstTime ?? report.now
        axis = TimeAxis(start: start, end: max(report.now, store.lastTime ?? report.now))
        milestones = RolloutMilestones(store).all
        findings = report.orderedFindings
        var byPod: [String: [Int]] = [:]
        for (index, finding) in findings.enumerated() {
            if let uid = finding.podUID, store.pods[uid] != nil { byPod[uid, default: []].append(index) }
        }
        findingsOfPod = byPod
        if store.pods.count <= Self.drawEveryPodUpTo {
            drawn = Set(store.pods.values.map(\.serial))
        } else {
            // Findings are most severe first, so the first index of a pod ranks it.
            let ranked = byPod.sorted { $0.value[0] < $1.value[0] }.prefix(Self.mostDrawn)
            drawn = Set(ranked.compactMap { store.pods[$0.key]?.serial })
        }
    }

    public func render<Sink: ReportSink>(to output: inout Sink) {
        let css = PageStyle.css(palette)
        let hash = SHA256.base64(SHA256.digest(Array(css.utf8)))
        output.write("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-\(hash)'; base-uri 'none'; form-action 'none'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>rollwatch postmortem — \(HTML.escape(subject))</title>
            <style>\(css)</style></head>
            <body>

            """)
        output.write(header())
        writeTimeline(to: &output)
        writeDetails(to: &output)
        writeFindingsList(to: &output)
        writePodTable(to: &output)
        output.write("<footer class=\"dim\"><p>rollwatch \(HTML.escape(report.version)) · report format \(Report.formatVersion)</p></footer>\n</body></html>\n")
    }

    public func render() -> String {
        var output = ""
        render(to: &output)
        return output
    }

    /// Whether the report covers more than one namespace, so pods are named with theirs.
    var spansNamespaces: Bool { report.source.namespace == nil }

    /// What the page is about, for its title: the target, the file, or the namespace.
    var subject: String {
        let source = report.source
        return source.target ?? source.file ?? source.namespace.map { "namespace " + $0 } ?? "every namespace"
    }
}
