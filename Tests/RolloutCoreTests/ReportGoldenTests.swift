import KubeModel
import Testing
import TestSupport
@testable import RolloutCore

/// The text and Markdown reports of every seed (and the healthy rollout), kept as files
/// under Golden/: what a user pastes into an incident ticket, compared whole, so a change
/// to a column, a remedy or an evidence line shows up as a diff to look at. A missing file
/// is written and the test fails; ROLLWATCH_UPDATE_GOLDEN=1 rewrites them after an
/// intended change (as ROLLWATCH_UPDATE_SNAPSHOTS does for the render snapshots).
@Suite struct ReportGoldenTests {
    static let base = Timestamp(rfc3339: "2026-11-21T10:00:00Z")!

    static let directory: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast()
        return parts.joined(separator: "/") + "/Golden"
    }()

    /// The seed replayed through the state as a recording would be, reported at its end:
    /// a fixed clock and version, so the output depends on nothing but the scenario.
    static func report(_ seed: SeedScenario) -> Report {
        var state = RolloutState()
        for input in seed.scenario.inputs(base: base) { state.ingest(input) }
        let end = base.adding(seconds: Double(seed.seconds))
        state.advance(to: end)
        return Report(version: "golden", source: ReportSource(kind: .recording, namespace: "shop", file: "\(fileName(seed)).jsonl"),
                      store: state.store, findings: state.findings, now: end)
    }

    /// "seed 000/003 sidecar" → "seed-000-003-sidecar".
    static func fileName(_ seed: SeedScenario) -> String {
        String(seed.name.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    @Test(arguments: SeedScenarios.all)
    func textAndMarkdownReportsMatchTheirGoldenFiles(seed: SeedScenario) {
        let report = Self.report(seed)
        #expect(report.findings.count == seed.expected.count, "the golden files show the seed's findings, not an empty report")
        Self.compare(ReportRenderer(format: .text).render(report), file: Self.fileName(seed) + ".txt")
        Self.compare(ReportRenderer(format: .markdown).render(report), file: Self.fileName(seed) + ".md")
    }

    private static func compare(_ actual: String, file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = directory + "/" + file
        let existing = readText(path)
        if Environment.value("ROLLWATCH_UPDATE_GOLDEN") != nil || existing == nil {
            writeText(actual, to: path)
            if existing == nil { Issue.record("recorded new golden file \(file); look at it and run again", sourceLocation: sourceLocation) }
            return
        }
        if existing != actual {
            Issue.record("\(file) differs:\n--- expected\n\(existing ?? "")--- actual\n\(actual)", sourceLocation: sourceLocation)
        }
    }
}
