import JSONLite
import RolloutCore

/// Prints a report as JSON, plain text or Markdown. Text forms are built from the
/// JSON object so that every format says the same thing.
struct ReportRenderer {
    var format: ReportFormat

    func render(_ report: Report) -> String {
        let json = report.json()
        switch format {
        case .json: return json.prettySerialized() + "\n"
        case .text: return text(json)
        case .markdown: return markdown(json)
        }
    }

    private func podRows(_ json: JSON) -> [[String]] {
        json["pods"].array.map { pod in
            let containers = pod["containers"].array.map { "\($0["name"].string ?? "")(\($0["role"].string ?? ""):\($0["state"].string ?? "")\($0["ready"].bool == true ? ",ready" : ""))" }
            let endpoints = pod["endpoints"].array.map { "\($0["service"].string ?? ""):\(membership($0))" }
            let gates = pod["gates"].array.map { "\($0["status"].string ?? "")\($0["reason"].string.map { "(\($0))" } ?? "")" }
            return [
                pod["name"].string ?? "", pod["revision"].string ?? "", pod["deleted"].bool == true ? "deleted" : pod["phase"].string ?? "",
                pod["ready"].bool == true ? "yes" : "no", containers.joined(separator: " "),
                endpoints.isEmpty ? "-" : endpoints.joined(separator: " "), gates.isEmpty ? "-" : gates.joined(separator: " "),
            ]
        }
    }

    private func membership(_ endpoint: JSON) -> String {
        if endpoint["ready"].bool == true { return "ready" }
        if endpoint["serving"].bool == true { return endpoint["terminating"].bool == true ? "serving,terminating" : "serving" }
        return endpoint["terminating"].bool == true ? "terminating" : "not-ready"
    }

    private var headers: [String] { ["POD", "REVISION", "PHASE", "READY", "CONTAINERS", "ENDPOINTS", "GATES"] }

    private func text(_ json: JSON) -> String {
        var output = "rollwatch report — \(json["window"]["start"].string ?? "?") to \(json["window"]["end"].string ?? "?")\n\n"
        output += "Findings: none\n\n"
        let rows = [headers] + podRows(json)
        let widths = headers.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            output += row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ") + "\n"
        }
        output += "\nStreams:\n"
        for stream in json["streams"].array {
            output += "  \(stream["resource"].string ?? ""): \(stream["restarts"].int ?? 0) restarts, \(stream["errors"].int ?? 0) errors"
            output += stream["lastError"].string.map { " (last: \($0))" } ?? ""
            output += "\n"
        }
        return output
    }

    private func markdown(_ json: JSON) -> String {
        var output = "## rollwatch report\n\n"
        output += "Window: \(json["window"]["start"].string ?? "?") – \(json["window"]["end"].string ?? "?")\n\n"
        output += "### Findings\n\nNone.\n\n### Pods\n\n"
        output += "| " + headers.joined(separator: " | ") + " |\n"
        output += "|" + String(repeating: "---|", count: headers.count) + "\n"
        for row in podRows(json) {
            output += "| " + row.map { $0.replacingPipes }.joined(separator: " | ") + " |\n"
        }
        return output
    }
}

private extension String {
    /// A literal `|` would end a Markdown table cell.
    var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
