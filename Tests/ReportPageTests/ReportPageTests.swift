import KubeModel
import RolloutCore
import Testing
import TestSupport
@testable import ReportPage

/// The page as text: escaping, its Content-Security-Policy, its anchors, and a golden
/// page of one seed. `EndToEndTests/ReportPageBrowserTests` opens pages in Chromium.
@Suite struct ReportPageTests {
    static let base = Timestamp(rfc3339: "2026-11-21T10:00:00Z")!

    /// A seed replayed through the state and reported at its end, with a fixed clock and version.
    static func report(_ scenario: Scenario, seconds: Int, file: String) -> Report {
        var state = RolloutState()
        for input in scenario.inputs(base: base) { state.ingest(input) }
        let end = base.adding(seconds: Double(seconds))
        state.advance(to: end)
        return Report(version: "golden", source: ReportSource(kind: .recording, namespace: "shop", file: file),
                      store: state.store, findings: state.findings, now: end)
    }

    @Test func escapingLeavesNoMarkupAndNoControls() {
        #expect(HTML.escape(HostileMarkup.payload).allSatisfy { !"<>\"'".contains($0) })
        #expect(HTML.escape("a&b") == "a&amp;b")
        #expect(HTML.escape("x\u{1B}]2;t\u{07}\u{202E}y\u{85}z\n") == "x]2;tyz\n")
        #expect(HTML.escape(String(repeating: "é", count: 10), limit: 4) == "ééé…")
    }

    /// The browser tests' reading of a DOM sees an injected element and attribute, and not text.
    @Test func theDOMScanSeesInjectedMarkupAndNotText() {
        let tags = DOMTag.scan("<p class=\"a\">x &lt;img&gt; <img src=x onerror='y'></p><style>p>a{}</style><b id=c>")
        #expect(tags.map(\.name) == ["p", "img", "style", "b"])
        #expect(tags[1].attributes.map(\.name) == ["src", "onerror"] && tags[1].attributes[1].value == "y")
        #expect(tags[3].attributes.map(\.value) == ["c"])
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.base64(SHA256.digest(Array("abc".utf8))) == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        #expect(SHA256.base64(SHA256.digest([])) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        // Two blocks: the padding spills over.
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.base64(SHA256.digest(long)) == "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=")
    }

    /// The policy forbids scripts and everything from the network, and allows the one
    /// stylesheet the page carries by exactly its hash.
    @Test func theContentSecurityPolicyAllowsOnlyThePagesOwnStylesheet() throws {
        let page = ReportPage(report: Self.report(SeedScenarios.trafficBeforeReady.scenario, seconds: SeedScenarios.trafficBeforeReady.seconds,
                                                  file: "s.jsonl")).render()
        let style = try #require(page.firstRange(of: "<style>").flatMap { open in
            page[open.upperBound...].firstRange(of: "</style>").map { String(page[open.upperBound..<$0.lowerBound]) }
        })
        let hash = SHA256.base64(SHA256.digest(Array(style.utf8)))
        #expect(page.contains("content=\"default-src 'none'; style-src 'sha256-\(hash)'; base-uri 'none'; form-action 'none'\""))
        #expect(page.ranges(of: "<style>").count == 1, "one stylesheet")
        #expect(!page.contains("<script") && !page.contains(" style=\"") && !page.contains("http://") && !page.contains("https://"))
    }

    @Test func hostileStringsStayText() {
        let report = Self.report(HostileMarkup.scenario(), seconds: 40, file: "hostile.jsonl")
        #expect(!report.findings.isEmpty, "the hostile pod has a finding, so its details are drawn")
        let page = ReportPage(report: report).render()
        // As text, `onerror=` is harmless; only a tag or a quoted attribute breaking out would not be.
        for markup in ["<script", "<img", "<iframe", "<svg onload", "</style><style>", "<b>", "href=\"javascript"] {
            #expect(!page.contains(markup), "\(markup) got through")
        }
        #expect(page.contains("web-aaa-&lt;b&gt;x&lt;/b&gt;|y"), "the name is shown, escaped")
        #expect(page.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"), "the message is shown, escaped")
    }

    /// Every finding links to its pod's row and its details, and each anchor exists once.
    @Test(arguments: SeedScenarios.all)
    func everyFindingIsLinkedToItsPodsRow(seed: SeedScenario) throws {
        let report = Self.report(seed.scenario, seconds: seed.seconds, file: "s.jsonl")
        let page = ReportPage(report: report).render()
        for (index, finding) in report.orderedFindings.enumerated() {
            #expect(page.contains("id=\"finding-\(index)\""))
            guard let uid = finding.podUID, let record = report.store.pods[uid] else { continue }
            #expect(page.contains("id=\"finding-\(index)-detail\""))
            #expect(page.contains("<a href=\"#pod-\(record.serial)\">"))
        }
        for record in report.store.orderedPods {
            #expect(page.ranges(of: "id=\"pod-\(record.serial)\"").count == 1, "one timeline row of \(record.podName)")
            #expect(page.ranges(of: "id=\"row-\(record.serial)\"").count == 1, "one table row of \(record.podName)")
        }
    }

    /// Past 200 pods, only pods with findings get a timeline row; the rest are counted per
    /// revision over time and every pod stays in the table.
    @Test func aBigRolloutDrawsThePodsWithFindingsAndSummarisesTheRest() throws {
        var scenario = HostileMarkup.scenario()
        for index in 0..<(ReportPage.drawEveryPodUpTo + 50) {
            scenario.initial.append(Objects.pod("web-aaa-\(index)", replicaSet: "web-aaa", labels: ["app": "web"]))
        }
        let report = Self.report(scenario, seconds: 20, file: "big.jsonl")
        let page = ReportPage(report: report).render()
        let withFinding = try #require(report.store.orderedPods.first { $0.podName.name == HostileMarkup.podName })
        #expect(page.ranges(of: "<div class=\"row\" id=\"pod-").count == 1)
        #expect(page.contains("id=\"pod-\(withFinding.serial)\""))
        #expect(page.contains("aria-label=\"pods per revision over time\""))
        #expect(page.contains("new: at most \(report.store.pods.count)"))
        #expect(page.ranges(of: "<tr id=\"row-").count == report.store.pods.count)
    }

    /// A session that saw nothing is still a page, saying so.
    @Test func anEmptyReportIsAPage() {
        let page = ReportPage(report: Report(version: "t", source: ReportSource(kind: .live), store: Store(), findings: [], now: Self.base)).render()
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
        #expect(page.contains("<h2>Findings (0)</h2>") && page.contains("<h2>Pods (0)</h2>") && page.contains("No findings."))
    }

    /// A long session's deleted pods beyond the store's bound are counted on the page.
    @Test func deletedPodsNotKeptAreCounted() throws {
        var store = Store(limits: StoreLimits(detailedGonePods: 1, keptGonePods: 2))
        for (index, name) in ["a", "b", "c", "d", "e"].enumerated() {
            for (type, offset) in [("ADDED", 0.0), ("DELETED", 0.5)] {
                store.apply(try WatchEvent.decode(["type": .string(type), "object": Objects.pod(name, replicaSet: "web-1", labels: [:])],
                                                  resource: .pods, at: Self.base.adding(seconds: Double(index) + offset)))
                _ = store.takeChanges()
            }
        }
        let page = ReportPage(report: Report(version: "t", source: ReportSource(kind: .live), store: store, findings: [], now: Self.base)).render()
        #expect(page.contains("<h2>Pods (2)</h2>\n<p>3 earlier deleted pods not kept"))
    }

    /// With access logs, each row gains failed requests per second, and each finding what
    /// the logs saw in its window.
    @Test func trafficEvidenceIsDrawnPerPod() throws {
        // Seed 001, and the new pod's proxy logging a 503 UF in each of seconds 1 to 4.
        let seed = SeedScenarios.trafficBeforeReady
        var state = RolloutState()
        var inputs = seed.scenario.inputs(base: Self.base)
        let pod = "microservice-b-5d8f-qwert"
        for second in 1...4 {
            let entry = AccessLogEntry(start: Self.base.adding(seconds: Double(second) + 0.2), code: 503, flags: ["UF"],
                                       upstreamHost: "127.0.0.6:8080", upstreamCluster: "inbound|8080||", requestID: nil)
            inputs.append(.log(LogInput(time: Self.base.adding(seconds: Double(second) + 0.9),
                                        source: LogSource(namespace: "shop", pod: pod, container: "istio-proxy"), entry: entry)))
        }
        for input in inputs.sorted(by: { $0.time < $1.time }) { state.ingest(input) }
        let end = Self.base.adding(seconds: Double(seed.seconds))
        state.advance(to: end)
        let report = Report(version: "t", source: ReportSource(kind: .recording, namespace: "shop"), store: state.store,
                            findings: state.findings, now: end, traffic: state.traffic)
        try #require(report.traffic != nil)
        let page = ReportPage(report: report).render()
        let record = try #require(report.store.orderedPods.first { $0.podName.name == pod })
        let row = try #require(page.firstRange(of: "id=\"pod-\(record.serial)\"").map { page[$0.upperBound...].prefix { $0 != "\n" } })
        #expect(row.contains("failed req/s"))
        #expect(row.ranges(of: "class=\"fail\"><title>1 failed</title>").count == 4, "a bar for each second a request failed:\n\(row)")
        #expect(page.contains("4 failed during this window: 503 UF×4"))
        #expect(page.contains("4 requests, 4 failed (access logs)"))
    }

    /// The page of seed 002 (the GKE NEG rollout restart), compared whole with
    /// Golden/seed-002.html so a change of layout is a diff to review;
    /// ROLLWATCH_UPDATE_GOLDEN=1 rewrites it, as for the other reports.
    @Test func theSeed002PageMatchesItsGoldenFile() {
        let seed = SeedScenarios.rolloutRestartOnGKE
        let page = ReportPage(report: Self.report(seed.scenario, seconds: seed.seconds, file: "seed-002.jsonl")).render()
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast()
        let path = parts.joined(separator: "/") + "/Golden/seed-002.html"
        let existing = readText(path)
        if Environment.value("ROLLWATCH_UPDATE_GOLDEN") != nil || existing == nil {
            writeText(page, to: path)
            if existing == nil { Issue.record("recorded new golden file \(path); look at it and run again") }
            return
        }
        #expect(existing == page, "seed-002.html differs; ROLLWATCH_UPDATE_GOLDEN=1 rewrites it after an intended change")
    }
}
