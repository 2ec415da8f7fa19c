import JSONLite
import KubeModel

extension ReportRenderer {
    /// The findings' windows per pod as a Mermaid `gantt` chart, which GitHub and GitLab
    /// draw in an incident document; an open window runs to the end of the report.
    func markdownGantt(_ json: JSON) -> String {
        let findings = json["findings"].array
        guard !findings.isEmpty else { return "" }
        func mermaidTime(_ time: Timestamp) -> String {
            let text = time.rfc3339(fractionDigits: 3)
            return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(12))
        }
        var sections: [(name: String, tasks: [String])] = []
        for finding in findings {
            guard let start = finding["start"].string.flatMap(Timestamp.init(rfc3339:)) else { continue }
            var end = finding["end"].string.flatMap(Timestamp.init(rfc3339:)) ?? start.adding(seconds: finding["seconds"].double ?? 0)
            // Mermaid draws nothing of a window with no length: a tenth of a second at least.
            if end.seconds(since: start) < 0.1 { end = start.adding(seconds: 0.1) }
            let name = ((finding["namespace"].string ?? "") + "/" + (finding["pod"].string ?? finding["service"].string.map { "svc/" + $0 } ?? "")).mermaidLabel
            let severity = finding["severity"].string ?? ""
            let tag = severity == "critical" ? "crit, " : severity == "warning" ? "active, " : ""
            let task = "    \((finding["rule"].string ?? "").mermaidLabel) (\(severity.mermaidLabel)) :\(tag)\(mermaidTime(start)), \(mermaidTime(end))\n"
            if let index = sections.firstIndex(where: { $0.name == name }) { sections[index].tasks.append(task) } else { sections.append((name, [task])) }
        }
        var output = "### Findings per pod\n\n```mermaid\ngantt\n    title Finding windows per pod (UTC, as received)\n"
        output += "    dateFormat YYYY-MM-DD HH:mm:ss.SSS\n    axisFormat %H:%M:%S\n"
        for section in sections { output += "    section \(section.name)\n" + section.tasks.joined() }
        return output + "```\n\n"
    }
}
