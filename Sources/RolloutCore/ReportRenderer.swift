import JSONLite

public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
    case markdown
}

/// Where a rendered report goes, a piece at a time.
public protocol ReportSink {
    mutating func write(_ text: String)
}

extension String: ReportSink {}

/// Prints a report as JSON, plain text or Markdown. Text forms are built from the
/// JSON objects so that every format says the same thing. Pods are rendered and
/// written one at a time: a report of 10,000 pods is never held whole in memory.
public struct ReportRenderer {
    public var format: ReportFormat

    public init(format: ReportFormat) {
        self.format = format
    }

    public func render(_ report: Report) -> String {
        var output = ""
        render(report, to: &output)
        return output
    }

    public func render<Sink: ReportSink>(_ report: Report, to output: inout Sink) {
        let summary = report.json(includingPods: false)
        switch format {
        case .json: json(summary, report, to: &output)
        case .text: text(summary, report, to: &output)
        case .markdown: markdown(summary, report, to: &output)
        }
    }

    /// The same bytes as `report.json().prettySerialized()`, with the pods streamed.
    private func json<Sink: ReportSink>(_ summary: JSON, _ report: Report, to output: inout Sink) {
        let members = summary.object?.members ?? []
        output.write("{\n")
        for (offset, member) in members.enumerated() {
            output.write("  " + JSON.string(member.key).serialized() + ": ")
            if member.key == "pods" {
                var first = true
                report.forEachPod { pod in
                    output.write(first ? "[\n    " : ",\n    ")
                    output.write(pod.prettySerialized(level: 2))
                    first = false
                }
                output.write(first ? "[]" : "\n  ]")
            } else {
                output.write(member.value.prettySerialized(level: 1))
            }
            output.write(offset == members.count - 1 ? "\n" : ",\n")
        }
        output.write("}\n")
    }

    private func podRow(_ pod: JSON) -> [String] {
        func name(_ value: JSON) -> String { Self.shown(value.string ?? "", limit: Self.nameLimit) }
        let containers = pod["containers"].array.map { "\(name($0["name"]))(\(name($0["role"])):\(name($0["state"]))\($0["ready"].bool == true ? ",ready" : ""))" }
        let endpoints = pod["endpoints"].array.map { "\(name($0["service"])):\(membership($0))" }
        let gates = pod["gates"].array.map { "\(name($0["status"]))\($0["reason"].string.map { "(\(Self.shown($0, limit: Self.nameLimit)))" } ?? "")" }
        return [
            name(pod["name"]), name(pod["revision"]), pod["deleted"].bool == true ? "deleted" : name(pod["phase"]),
            pod["ready"].bool == true ? "yes" : "no", containers.joined(separator: " "),
            endpoints.isEmpty ? "-" : endpoints.joined(separator: " "), gates.isEmpty ? "-" : gates.joined(separator: " "),
        ]
    }

    /// Longest name or word printed in a table cell: a Kubernetes name is at most 253
    /// characters, so a longer one is hostile and would widen every row of the table.
    static let nameLimit = 253
    /// Longest finding line (summary, evidence, stream error): a bounded free text and its context.
    static let lineLimit = 4096 + 600

    /// What a text or Markdown report prints of a string from the cluster: no control
    /// characters or escape sequences (whoever built the JSON), and no longer than `limit`.
    static func shown(_ text: String, limit: Int) -> String {
        let clean = text.sanitizedForTerminal
        guard clean.unicodeScalars.count > limit else { return clean }
        return String(clean.unicodeScalars.prefix(limit - 1)) + "…"
    }

    private func membership(_ endpoint: JSON) -> String {
        if endpoint["ready"].bool == true { return "ready" }
        if endpoint["serving"].bool == true { return endpoint["terminating"].bool == true ? "serving,terminating" : "serving" }
        return endpoint["terminating"].bool == true ? "terminating" : "not-ready"
    }

    private var headers: [String] { ["POD", "REVISION", "PHASE", "READY", "CONTAINERS", "ENDPOINTS", "GATES"] }

    private func text<Sink: ReportSink>(_ json: JSON, _ report: Report, to output: inout Sink) {
        output.write("rollwatch report — \(json["window"]["start"].string ?? "?") to \(json["window"]["end"].string ?? "?")\n\n")
        output.write(textFindings(json))
        // Columns are as wide as their widest cell, so the rows (short strings, not
        // the pods' JSON) are kept until every width is known.
        var rows = [headers]
        report.forEachPod { rows.append(podRow($0)) }
        let widths = headers.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            output.write(row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ") + "\n")
        }
        var streams = "\nStreams:\n"
        for stream in json["streams"].array {
            streams += "  \(stream["resource"].string ?? ""): \(stream["restarts"].int ?? 0) restarts, \(stream["errors"].int ?? 0) errors"
            streams += stream["lastError"].string.map { " (last: \(Self.shown($0, limit: Self.lineLimit)))" } ?? ""
            streams += "\n"
        }
        output.write(streams)
    }

    /// `14:23:11.2–14:23:19.0 (7.8 s)`, or `since 14:23:11.2 (open, 7.8 s)`.
    private func window(_ finding: JSON) -> String {
        func clock(_ value: JSON) -> String {
            guard let text = value.string, text.count >= 21 else { return "?" }
            return String(text.dropFirst(11).prefix(10))
        }
        let seconds = finding["seconds"].double.map { "\($0) s" } ?? "?"
        if finding["end"].isNull { return "since \(clock(finding["start"])) (still open, \(seconds))" }
        return "\(clock(finding["start"]))–\(clock(finding["end"])) (\(seconds))"
    }

    private func subject(_ finding: JSON) -> String {
        var parts = [finding["namespace"].string ?? ""]
        if let pod = finding["pod"].string { parts.append(pod) }
        var text = parts.joined(separator: "/")
        if let service = finding["service"].string { text += " → svc/\(service)" }
        return Self.shown(text, limit: Self.nameLimit * 3)
    }

    private func textFindings(_ json: JSON) -> String {
        let findings = json["findings"].array
        guard !findings.isEmpty else { return "Findings: none\n\n" }
        var output = "Findings: \(findings.count)\n\n"
        for finding in findings {
            output += "\(finding["severity"].string!.uppercased())  \(finding["rule"].string!)  \(subject(finding))\n"
            output += "  \(Self.shown(finding["summary"].string ?? "", limit: Self.lineLimit))\n  \(window(finding))\n"
            for item in finding["evidence"].array {
                output += "    \(item["at"].string.map { String($0.dropFirst(11).prefix(10)) } ?? "?")  \(Self.shown(item["what"].string ?? "", limit: Self.lineLimit))\n"
            }
            output += "  Fix:\n" + (finding["remedy"].string ?? "").split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n\n"
        }
        return output
    }

    private func markdownFindings(_ json: JSON) -> String {
        let findings = json["findings"].array
        guard !findings.isEmpty else { return "None.\n\n" }
        var output = ""
        for finding in findings {
            output += "#### \(finding["severity"].string!): `\(finding["rule"].string!)` — \(subject(finding).replacingPipes)\n\n"
            output += "\(Self.shown(finding["summary"].string ?? "", limit: Self.lineLimit)) — \(window(finding)).\n\n"
            output += "| time (UTC) | evidence |\n|---|---|\n"
            for item in finding["evidence"].array {
                output += "| \(item["at"].string ?? "") | \(Self.shown(item["what"].string ?? "", limit: Self.lineLimit).replacingPipes) |\n"
            }
            output += "\n**Fix**\n\n```yaml\n\(finding["remedy"].string ?? "")\n```\n\n"
        }
        return output
    }

    private func markdown<Sink: ReportSink>(_ json: JSON, _ report: Report, to output: inout Sink) {
        var head = "## rollwatch report\n\n"
        head += "Window: \(json["window"]["start"].string ?? "?") – \(json["window"]["end"].string ?? "?")\n\n"
        head += "### Findings\n\n" + markdownFindings(json) + "### Pods\n\n"
        head += "| " + headers.joined(separator: " | ") + " |\n"
        head += "|" + String(repeating: "---|", count: headers.count) + "\n"
        output.write(head)
        report.forEachPod { pod in
            output.write("| " + podRow(pod).map { $0.replacingPipes }.joined(separator: " | ") + " |\n")
        }
    }
}

private extension String {
    /// A literal `|` would end a Markdown table cell.
    var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
