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
}
