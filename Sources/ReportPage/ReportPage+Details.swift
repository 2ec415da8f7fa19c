import KubeModel
import RolloutCore

extension ReportPage {
    /// For each drawn pod with a finding: its waterfall, then its findings in full; then
    /// the findings of no pod (a Service without ready endpoints).
    func writeDetails<Sink: ReportSink>(to output: inout Sink) {
        let store = report.store
        output.write("<section id=\"details\"><h2>Pods with findings</h2>\n")
        var any = false
        // On a big rollout's page a fix is printed once and later findings with the same one
        // link to it (the same YAML hundreds of times would be much of the page); on a small
        // page each finding has its own, where its reader is.
        let once = report.store.pods.count > Self.drawEveryPodUpTo
        var remedies: [String: Int] = [:]
        func article(_ index: Int) -> String {
            let first = once ? remedies[findings[index].remedy] : nil
            if first == nil { remedies[findings[index].remedy] = index }
            return self.article(index, sameFixAs: first)
        }
        for record in store.orderedPods where drawn.contains(record.serial) {
            guard let indices = findingsOfPod[record.uid] else { continue }
            any = true
            var html = "<div class=\"pod-detail\" id=\"detail-\(record.serial)\"><h3><a href=\"#pod-\(record.serial)\">\(HTML.escape(record.podName.description))</a>"
            html += " <span class=\"dim\">\(store.revision(of: record).rawValue) · seen \(record.firstSeen.clockTenths)"
            if let removed = record.removedAt { html += " · gone \(removed.clockTenths)" }
            html += "</span></h3>\n<h4>Readiness</h4>" + WaterfallDrawing(waterfall: ReadinessWaterfall(record)).svg() + "\n"
            for index in indices { html += article(index) }
            output.write(html + "</div>\n")
        }
        let podless = findings.indices.filter { findings[$0].podUID.flatMap { store.pods[$0] } == nil }
        if !podless.isEmpty {
            any = true
            output.write("<div class=\"pod-detail\"><h3>Findings of no pod on the timeline</h3>\n" + podless.map(article).joined() + "</div>\n")
        }
        if !any { output.write("<p class=\"ok\">No findings.</p>\n") }
        output.write("</section>\n")
    }

    /// One finding in full: rule, severity, subject, window, summary, what the access
    /// logs saw, the evidence, and the fix as YAML in a block that copies as it is.
    private func article(_ index: Int, sameFixAs first: Int?) -> String {
        let finding = findings[index]
        var html = "<article class=\"finding\" id=\"finding-\(index)-detail\"><h4><span class=\"badge sev-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> "
        html += "<code>\(finding.rule.rawValue)</code> \(HTML.escape(subjectText(finding)))</h4>\n"
        html += "<p>\(HTML.escape(finding.summary)) <span class=\"dim\">— \(windowText(finding))</span></p>\n"
        if let traffic = report.traffic {
            let counts = traffic.impact(of: finding, store: report.store, now: report.now)
            html += "<p>\(counts.requests) requests, \(counts.failed) failed during this window"
                + (counts.failed > 0 ? ": " + HTML.escape(counts.failureSummary) : "") + ".</p>\n"
        }
        html += "<ol>" + finding.evidence.map {
            "<li><time datetime=\"\($0.at.rfc3339(fractionDigits: 3))\">\($0.at.clockTenths)</time>\(HTML.escape($0.what))</li>"
        }.joined() + "</ol>\n"
        if let first {
            html += "<p>Fix: the same as <a href=\"#finding-\(first)-detail\">\(HTML.escape(subjectText(findings[first])))</a>.</p></article>\n"
        } else {
            html += "<p>Fix:</p><pre><code>\(HTML.escape(finding.remedy))</code></pre></article>\n"
        }
        return html
    }

    /// `namespace/pod → svc/service`.
    func subjectText(_ finding: Finding) -> String {
        var subject = finding.namespace + (finding.pod.map { "/" + $0 } ?? "")
        if let service = finding.service { subject += " → svc/" + service }
        return subject
    }

    /// `14:23:11.2–14:23:19.0 (7.8 s)`, or `since 14:23:11.2 (still open, 7.8 s)`.
    func windowText(_ finding: Finding) -> String {
        let seconds = durationText(finding.seconds(until: report.now))
        guard let end = finding.end else { return "since \(finding.start.clockTenths) (still open, \(seconds))" }
        return "\(finding.start.clockTenths)–\(end.clockTenths) (\(seconds))"
    }
}
