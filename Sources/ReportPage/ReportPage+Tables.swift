import KubeModel
import RolloutCore

extension ReportPage {
    /// Every finding, most severe first, each linked to its pod's row (the timeline's when
    /// drawn, else the pod table's) and to its details.
    func writeFindingsList<Sink: ReportSink>(to output: inout Sink) {
        let store = report.store
        output.write("<section id=\"findings\"><h2>Findings (\(findings.count))</h2>\n")
        guard !findings.isEmpty else { return output.write("<p class=\"ok\">None.</p></section>\n") }
        var table = ChunkedTable(tableClass: "findings", head: "<tr><th>severity</th><th>rule</th><th>pod</th><th>window</th><th>summary</th></tr>")
        for (index, finding) in findings.enumerated() {
            let record = finding.podUID.flatMap { store.pods[$0] }
            var pod = HTML.escape(subjectText(finding))
            if let record {
                pod = "<a href=\"#\(drawn.contains(record.serial) ? "pod" : "row")-\(record.serial)\">\(pod)</a>"
            }
            let detailed = record.map { drawn.contains($0.serial) } ?? true
            let rule = detailed ? "<a href=\"#finding-\(index)-detail\">\(finding.rule.rawValue)</a>" : finding.rule.rawValue
            var row = "<tr id=\"finding-\(index)\"><td class=\"sev-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</td><td>\(rule)</td>"
            row += "<td class=\"name\">\(pod)</td><td>\(windowText(finding))</td><td>\(HTML.escape(finding.summary))</td></tr>\n"
            table.write(row: row, to: &output)
        }
        table.finish(to: &output)
        output.write("</section>\n")
    }

    /// Every pod seen, in the store's order, a row at a time.
    func writePodTable<Sink: ReportSink>(to output: inout Sink) {
        let store = report.store
        output.write("<section id=\"pods\"><h2>Pods (\(store.pods.count))</h2>\n")
        if store.podsNotKept > 0 {
            output.write("<p>\(store.podsNotKept) earlier deleted pods not kept (only the most recent are listed).</p>\n")
        }
        var table = ChunkedTable(tableClass: "pods", head: "<tr><th>pod</th><th>revision</th><th>phase</th><th>ready</th><th>containers (✓ ready, ↻ restarts)</th>"
            + "<th>endpoints</th><th>gates</th><th>findings</th></tr>")
        for record in store.orderedPods {
            let name = HTML.escape(spansNamespaces ? record.podName.description : record.podName.name)
            var row = "<tr id=\"row-\(record.serial)\"><td class=\"name\">"
            row += drawn.contains(record.serial) ? "<a href=\"#pod-\(record.serial)\">\(name)</a>" : name
            row += "</td><td>\(store.revision(of: record).rawValue)</td><td>\(record.isRemoved ? "deleted" : HTML.escape(record.pod.status.phase))</td>"
            row += "<td>\(record.isReady ? "yes" : "no")</td><td>"
            // `istio-init [init] terminated ✓`, `app running ↻2`: the role unless app, ✓ when ready.
            row += record.containers.map { container in
                HTML.escape(container.name + (container.role == .app ? " " : " [\(container.role.rawValue)] ") + container.state.name)
                    + (container.ready ? " ✓" : "") + (container.restarts > 0 ? " ↻\(container.restarts)" : "")
            }.joined(separator: "<br>")
            let membership = record.isRemoved ? [:] : (store.endpoints[record.podName] ?? [:])
            row += "</td><td>" + (membership.isEmpty ? "—" : membership.keys.sorted().map { HTML.escape("\($0): \(membership[$0]!)") }.joined(separator: "<br>"))
            row += "</td><td>" + (record.gates.isEmpty ? "—" : record.gates.map {
                HTML.escape(PodLane.gateLabel($0.type) + " " + $0.status + ($0.reason.map { " (\($0))" } ?? ""))
            }.joined(separator: "<br>"))
            row += "</td><td>" + (findingsOfPod[record.uid] ?? []).map { "<a href=\"#finding-\($0)\">\(findings[$0].rule.rawValue)</a>" }.joined(separator: " ")
            table.write(row: row + "</td></tr>\n", to: &output)
        }
        table.finish(to: &output)
        output.write("</section>\n")
    }
}
