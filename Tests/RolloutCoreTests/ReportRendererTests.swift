import JSONLite
import KubeModel
import Testing
@testable import RolloutCore

/// The renderer writes pods one at a time; what it writes must be what the whole
/// report object says.
@Suite struct ReportRendererTests {
    /// A rollout of a few pods with a finding: two pods, one old one deleted.
    private func report() -> Report {
        var timeline = Timeline()
        timeline.add(0, .pods, Pods.classicIstio("checkout-a", appState: "running", appReady: true, proxyReady: true))
        timeline.add(1, .pods, Pods.classicIstio("checkout-b", appState: "running", appReady: false, proxyReady: true))
        timeline.add(2, .endpointslices, Pods.slice([("checkout-a", true, true, false), ("checkout-b", true, true, false)]))
        timeline.tick(10)
        timeline.delete(11, .pods, Pods.classicIstio("checkout-a", appState: "running", appReady: true, proxyReady: true))
        return Report(version: "test", source: ReportSource(kind: .recording, file: "x.jsonl"), store: timeline.store,
                      findings: timeline.engine.findings, now: Timeline.base.adding(seconds: 12))
    }

    @Test func streamedJSONIsTheWholeObjectPrettyPrinted() throws {
        let report = report()
        #expect(!report.findings.isEmpty)
        let streamed = ReportRenderer(format: .json).render(report)
        #expect(streamed == report.json().prettySerialized() + "\n")
        #expect(try JSONParser().parse(streamed)["pods"].array.count == 2)
    }

    @Test func noPodsIsAnEmptyArray() {
        let empty = Report(version: "test", source: ReportSource(kind: .live), store: Store(), findings: [],
                           now: Timeline.base)
        #expect(ReportRenderer(format: .json).render(empty) == empty.json().prettySerialized() + "\n")
    }

    @Test func textAndMarkdownHaveOneRowPerPod() {
        let report = report()
        for format in [ReportFormat.text, .markdown] {
            let output = ReportRenderer(format: format).render(report)
            for pod in ["checkout-a", "checkout-b"] {
                let row = format == .text ? pod + " " : "| \(pod) |"
                let rows = output.split(separator: "\n").filter { $0.hasPrefix(row) }
                #expect(rows.count == 1, "\(format) has one row for \(pod)")
            }
        }
    }

    /// More findings than one printing run holds (`findingsPerRun`), runs printed side by
    /// side: each finding is printed once, in `orderedFindings` order (most severe first,
    /// then by start, then as found), across every boundary between runs.
    @Test func findingsPrintedInRunsComeOutOnceEachInOrder() {
        let count = ReportRenderer.findingsPerRun * 2 + 37
        let severities: [Severity] = [.info, .critical, .warning]
        let findings = (0..<count).map { number in
            let observation = Observation(rule: .noReadyEndpoints, severity: severities[number % 3],
                                          service: ServiceKey(namespace: "shop", name: "svc-\(number)"),
                                          summary: "finding \(number)", evidence: [], remedy: "Fix \(number % 2).")
            // Starts repeat, so that equal findings must keep the order they were found in.
            return Finding(observation, start: Timeline.base.adding(seconds: Double(number % 50)), end: nil)
        }
        let report = Report(version: "test", source: ReportSource(kind: .live), store: Store(), findings: findings,
                            now: Timeline.base.adding(seconds: 60))
        let text = ReportRenderer(format: .text).render(report)
        let printed = text.split(separator: "\n").filter { $0.hasPrefix("  finding ") }.map { String($0.dropFirst(2)) }
        #expect(printed == report.orderedFindings.map(\.summary))
        #expect(Set(printed).count == count)
        #expect(text.contains("Findings: \(count)\n"))
    }

    /// The text table's rows are made in two halves side by side; they come out in the
    /// report's order, as the Markdown table (made in one pass) has them, for an odd count.
    @Test func theTextTableMadeInHalvesKeepsTheReportOrder() {
        var timeline = Timeline()
        let names = (0..<7).map { "checkout-\($0)" }
        for (number, name) in names.enumerated() {
            timeline.add(Double(number), .pods, Pods.classicIstio(name, appState: "running", appReady: number % 2 == 0, proxyReady: true))
        }
        let report = Report(version: "test", source: ReportSource(kind: .live), store: timeline.store,
                            findings: timeline.engine.findings, now: Timeline.base.adding(seconds: 10))
        func podOrder(_ format: ReportFormat, rowPrefix: String) -> [String] {
            ReportRenderer(format: format).render(report).split(separator: "\n").compactMap { line in
                names.first { line.hasPrefix(rowPrefix + $0 + " ") }
            }
        }
        let text = podOrder(.text, rowPrefix: "")
        #expect(text.count == 7 && Set(text) == Set(names))
        #expect(text == podOrder(.markdown, rowPrefix: "| "))
    }
}
