import KubeModel
import Testing
import TestSupport
@testable import RolloutCore

/// The Markdown report shows cluster strings as text: inline HTML, links and table
/// syntax from an event message or a name never become markup in a renderer (issue 16);
/// and its Mermaid gantt block holds each finding's window under its pod.
@Suite struct MarkdownEscapingTests {
    static let base = Timestamp(rfc3339: "2026-11-21T10:00:00Z")!
    static let payload = "<script>alert(1)</script> <img src=\"http://tracker.example/p.gif\"> "
        + "<a href=\"javascript:alert(2)\">x</a> [y](javascript:alert(3)) a|b *bold* `code` ~~s~~"

    /// A pod whose probe fails with the payload as its message (a probe-failures finding, whose
    /// evidence quotes the message), and a container named to start a list.
    static func report() -> Report {
        let labels = ["app": "web"]
        var scenario = Scenario()
        scenario.initial = [
            Objects.deployment("web", labels: labels),
            Objects.replicaSet("web-aaa", deployment: "web", revision: 1, labels: labels),
            Objects.pod("web-aaa-1|x", replicaSet: "web-aaa", labels: labels, ready: false),
        ]
        scenario.apply(Objects.event("web-aaa-1.1", pod: "web-aaa-1|x", reason: "Unhealthy", message: "Readiness probe failed: " + payload,
                                     type: "Warning", count: 5), at: 0.2)
        var state = RolloutState()
        for input in scenario.inputs(base: base) { state.ingest(input) }
        state.advance(to: base.adding(seconds: 10))
        return Report(version: "test", source: ReportSource(kind: .recording, file: "x.jsonl"), store: state.store,
                      findings: state.findings, now: base.adding(seconds: 10))
    }

    @Test func inlineHTMLLinksAndPipesStayText() throws {
        let report = Self.report()
        try #require(report.findings.contains { $0.rule == .probeFailures }, "the payload is in a finding's evidence")
        let markdown = ReportRenderer(format: .markdown).render(report)
        for raw in ["<script", "<img", "<a ", "[y](", "*bold*", "`code`", "~~s~~"] {
            #expect(!markdown.contains(raw), "\(raw) reaches the document as markup")
        }
        #expect(markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(markdown.contains("\\[y\\](javascript:alert(3))"))
        // Every table row has as many unescaped `|` as its header.
        for line in markdown.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.replacing("\\|", with: "").filter { $0 == "|" }.count
            #expect(cells == 3 || cells == 8, "a `|` split a cell: \(line)")
        }
    }

    @Test func escapingCoversListMarkersAndFences() {
        #expect("- item".markdownEscaped == "\\- item")
        #expect("12. item".markdownEscaped == "12\\. item")
        #expect("a-b 1.5".markdownEscaped == "a-b 1.5", "only a marker at the start")
        #expect("# x".markdownEscaped == "\\# x")
        #expect("a ```` b".markdownFence == "`````")
        #expect("no ticks".markdownFence == "```")
        #expect("web:1;#<b>".mermaidLabel == "web_1___b_")
    }

    @Test(arguments: SeedScenarios.all)
    func theGanttBlockHoldsEveryFindingsWindow(seed: SeedScenario) throws {
        let report = ReportGoldenTests.report(seed)
        let markdown = ReportRenderer(format: .markdown).render(report)
        guard !report.findings.isEmpty else {
            #expect(!markdown.contains("```mermaid"), "no chart without findings")
            return
        }
        let block = try #require(markdown.firstRange(of: "```mermaid\ngantt\n").map { markdown[$0.upperBound...] })
        let chart = String(block.prefix { _ in true }.split(separator: "```", maxSplits: 1).first ?? "")
        for finding in report.findings {
            let start = finding.start.rfc3339(fractionDigits: 3)
            let task = "    \(finding.rule.rawValue) (\(finding.severity.rawValue)) :"
            #expect(chart.contains(task) && chart.contains(String(start.prefix(10)) + " " + String(start.dropFirst(11).prefix(12))),
                    "\(finding.rule) at \(start) in:\n\(chart)")
            if let pod = finding.pod { #expect(chart.contains("    section \(finding.namespace)/\(pod)\n")) }
        }
    }
}
