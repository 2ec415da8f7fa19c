import KubeModel
import Testing
import TestSupport
@testable import RolloutCore

/// The Markdown report shows cluster strings as text: inline HTML, links and table
/// syntax from an event message or a name never become markup in a renderer (issue 16);
/// and its Mermaid gantt block holds each finding's window under its pod.
@Suite struct MarkdownEscapingTests {
    static let base = Timestamp(rfc3339: "2026-11-21T10:00:00Z")!

    /// The hostile pod's findings, reported at 10 s.
    static func report() -> Report {
        var state = RolloutState()
        for input in HostileMarkup.scenario().inputs(base: base) { state.ingest(input) }
        state.advance(to: base.adding(seconds: 10))
        return Report(version: "test", source: ReportSource(kind: .recording, file: "x.jsonl"), store: state.store,
                      findings: state.findings, now: base.adding(seconds: 10))
    }

    @Test func inlineHTMLLinksAndPipesStayText() throws {
        let report = Self.report()
        try #require(report.findings.contains { $0.rule == .probeFailures }, "the payload is in a finding's evidence")
        let markdown = ReportRenderer(format: .markdown).render(report)
        for raw in ["<script", "<img", "<a ", "<iframe", "<svg", "<b>", "[y](", "*bold*", "`code`", "~~s~~"] {
            #expect(!markdown.contains(raw), "\(raw) reaches the document as markup")
        }
        #expect(markdown.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"))
        #expect(markdown.contains("\\[y\\](javascript:alert(6))"))
        #expect(markdown.contains("| web-aaa-&lt;b&gt;x&lt;/b&gt;\\|y |"), "the pod's row names it, its `|` escaped")
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
