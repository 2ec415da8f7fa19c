import KubeModel
import RolloutCore

extension ReportPage {
    /// Source, context, namespace, target, window, stream health, findings by severity,
    /// traffic totals, version; then links to the sections.
    func header() -> String {
        let source = report.source
        var facts: [(String, String)] = [("source", source.kind == .recording ? "recording " + (source.file ?? "") : "live")]
        if let context = source.context { facts.append(("context", context)) }
        facts.append(("namespace", source.namespace ?? "all"))
        facts.append(("target", source.target ?? "the whole namespace"))
        facts.append(("window", "\(axis.start.rfc3339(fractionDigits: 1)) – \(axis.end.rfc3339(fractionDigits: 1)) (\(durationText(axis.seconds)))"))
        let streams = report.store.streams.values.sorted { $0.resource < $1.resource }.map { health in
            "\(health.resource.rawValue): \(health.restarts) restarts, \(health.errors) errors"
                + (health.transport.map { " (\($0))" } ?? "") + (health.lastError.map { " — last: \($0)" } ?? "")
        }
        facts.append(("streams", streams.isEmpty ? "none recorded" : streams.joined(separator: "; ")))
        facts.append(("pods", "\(report.store.pods.count)"))
        if let traffic = report.traffic {
            facts.append(("traffic", "\(traffic.totals.requests) requests, \(traffic.totals.failed) failed (access logs)"))
        }
        facts.append(("rollwatch", report.version))
        var html = "<header><h1>rollwatch postmortem: \(HTML.escape(subject))</h1>\n<p>"
        for severity in [Severity.critical, .warning, .info] {
            let count = findings.filter { $0.severity == severity }.count
            html += "<span class=\"badge sev-\(severity.rawValue)\">\(count) \(severity.rawValue)</span> "
        }
        html += "</p>\n<dl class=\"facts\">"
        for (name, value) in facts { html += "<dt>\(name)</dt><dd>\(HTML.escape(value))</dd>" }
        html += "</dl>\n<nav><a href=\"#timeline\">timeline</a> · <a href=\"#details\">pods with findings</a> · "
        html += "<a href=\"#findings\">findings</a> · <a href=\"#pods\">pods</a></nav></header>\n"
        return html
    }
}
