import JSONLite
import KubeModel
import Runtime

public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
    case markdown
}

/// Where a rendered report goes, a piece at a time.
public protocol ReportSink {
    mutating func write(_ text: String)
    /// Text as UTF-8 bytes (valid: made of Strings), written as they are where the sink can.
    mutating func write(utf8 text: [UInt8])
}

extension ReportSink {
    public mutating func write(utf8 text: [UInt8]) {
        write(String(decoding: text, as: UTF8.self))
    }
}

extension String: ReportSink {}

/// Prints a report as JSON, plain text or Markdown. Text forms are built from the
/// JSON objects so that every format says the same thing. Pods are rendered and
/// written one at a time: a report of 10,000 pods is never held whole in memory.
public struct ReportRenderer: Sendable {
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
        switch format {
        case .json: json(report.json(includingPods: false, includingFindings: false), report, to: &output)
        case .text: text(report.json(includingPods: false, includingFindings: false), report, to: &output)
        // The Gantt chart reads the findings again: Markdown takes them whole.
        case .markdown: markdown(report.json(includingPods: false), report, to: &output)
        }
    }

    /// The same bytes as `report.json().prettySerialized()`, with the findings and the pods streamed.
    private func json<Sink: ReportSink>(_ summary: JSON, _ report: Report, to output: inout Sink) {
        let members = summary.object?.members ?? []
        output.write("{\n")
        for (offset, member) in members.enumerated() {
            output.write("  " + JSON.string(member.key).serialized() + ": ")
            switch member.key {
            case "findings": Self.writeArray(of: report.forEachFinding, to: &output)
            case "pods": Self.writeArray(of: report.forEachPod, to: &output)
            default: output.write(member.value.prettySerialized(level: 1))
            }
            output.write(offset == members.count - 1 ? "\n" : ",\n")
        }
        output.write("}\n")
    }

    /// A member array of the report, each element written as `forEach` gives it: the
    /// bytes `.array(elements).prettySerialized(level: 1)` would be.
    private static func writeArray<Sink: ReportSink>(of forEach: ((JSON) -> Void) -> Void, to output: inout Sink) {
        var first = true
        forEach { element in
            output.write(first ? "[\n    " : ",\n    ")
            output.write(element.prettySerialized(level: 2))
            first = false
        }
        output.write(first ? "[]" : "\n  ]")
    }

    /// A pod's table row: what `Report.podJSON` holds of it, each cluster string shown
    /// as `shown` bounds it. Read from the record, not from its JSON (the text report of
    /// a 10,000-pod capture built ~70,000 instructions of JSON and lookups a row), and
    /// written as bytes into the row, where a String per cell and its interpolation
    /// made printing a 12,000-pod table a tenth of a report's whole time.
    private static func podRow(_ record: PodRecord, revision: Revision, services: [String: EndpointMembership]) -> TableRow {
        var row = TableRow()
        row.cell(record.podName.name)
        row.cell(revision.rawValue)
        row.cell(record.isRemoved ? "deleted" : record.pod.status.phase)
        row.cell(record.isReady ? "yes" : "no")
        for (index, container) in record.containers.enumerated() {
            if index > 0 { row.append(" ") }
            row.append(container.name)
            row.append("(")
            row.append(container.role.rawValue)
            row.append(":")
            row.append(container.state.name)
            row.append(container.ready ? ",ready)" : ")", bounded: false)
        }
        row.endCell()
        if services.isEmpty { row.append("-") }
        for (index, service) in services.keys.sorted().enumerated() {
            if index > 0 { row.append(" ") }
            row.append(service)
            row.append(":")
            row.append(membership(services[service]!), bounded: false)
        }
        row.endCell()
        let gates = record.gates
        if gates.isEmpty { row.append("-") }
        for (index, gate) in gates.enumerated() {
            if index > 0 { row.append(" ") }
            row.append(gate.status)
            if let reason = gate.reason {
                row.append("(")
                row.append(reason)
                row.append(")", bounded: false)
            }
        }
        row.endCell()
        return row
    }

    /// One row of the text table: its cells' bytes one after another, and where each
    /// cell ends and how wide it is in Characters.
    private struct TableRow {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var widths: [Int] = []

        init() {
            bytes.reserveCapacity(160)
            ends.reserveCapacity(7)
            widths.reserveCapacity(7)
        }

        init(cells: [String]) {
            self.init()
            for cell in cells { self.cell(cell, bounded: false) }
        }

        /// A whole cell.
        mutating func cell(_ text: String, bounded: Bool = true) {
            append(text, bounded: bounded)
            endCell()
        }

        /// More of the cell being written: a cluster string shown as `shown` bounds a
        /// name (`bounded`), or the report's own words as they are.
        mutating func append(_ text: String, bounded: Bool = true) {
            bytes.append(contentsOf: (bounded ? ReportRenderer.shown(text, limit: ReportRenderer.nameLimit) : text).utf8)
        }

        mutating func endCell() {
            let start = ends.last ?? 0
            let width = bytes[start...].allSatisfy { $0 < 0x80 && $0 != 0x0D }
                ? bytes.count - start : String(decoding: bytes[start...], as: UTF8.self).count
            ends.append(bytes.count)
            widths.append(width)
        }

        /// Each cell's text.
        var cells: [String] {
            ends.indices.map { column in
                String(decoding: bytes[(column == 0 ? 0 : ends[column - 1])..<ends[column]], as: UTF8.self)
            }
        }

        /// The row as a line: each cell but the last padded with spaces to its column's
        /// width, two spaces between cells.
        func write(padding columnWidths: [Int], to line: inout [UInt8]) {
            var start = 0
            for (column, end) in ends.enumerated() {
                line.append(contentsOf: bytes[start..<end])
                if column < ends.count - 1 {
                    line.append(contentsOf: repeatElement(UInt8(ascii: " "), count: columnWidths[column] - widths[column] + 2))
                }
                start = end
            }
            line.append(UInt8(ascii: "\n"))
        }
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
        // No more bytes than the limit: no more scalars either, without counting them.
        guard clean.utf8.count > limit, clean.unicodeScalars.count > limit else { return clean }
        return String(clean.unicodeScalars.prefix(limit - 1)) + "…"
    }

    private static func membership(_ member: EndpointMembership) -> String {
        if member.ready { return "ready" }
        if member.serving { return member.terminating ? "serving,terminating" : "serving" }
        return member.terminating ? "terminating" : "not-ready"
    }

    private var headers: [String] { ["POD", "REVISION", "PHASE", "READY", "CONTAINERS", "ENDPOINTS", "GATES"] }

    private func text<Sink: ReportSink>(_ json: JSON, _ report: Report, to output: inout Sink) {
        output.write("rollwatch report — \(json["window"]["start"].string ?? "?") to \(json["window"]["end"].string ?? "?")\n\n")
        // The pod table is made on a second thread while the findings are written: both
        // only read the report, and in a findings-heavy report each is half the work
        // left once the last input is in.
        let table = ConcurrentValue { [self] in textTable(report) }
        writeTextFindings(report, to: &output)
        output.write(textTraffic(json))
        table.take().write(to: &output)
        output.write(notKeptLine(json))
        var streams = "\nStreams:\n"
        for stream in json["streams"].array {
            let through = stream["transport"].string.map { " (\(Self.shown($0, limit: Self.nameLimit)))" } ?? ""
            streams += "  \(stream["resource"].string ?? "")\(through): \(stream["restarts"].int ?? 0) restarts, \(stream["errors"].int ?? 0) errors"
            streams += stream["lastError"].string.map { " (last: \(Self.shown($0, limit: Self.lineLimit)))" } ?? ""
            streams += "\n"
        }
        output.write(streams)
    }

    /// The pod table of the text form. Columns are as wide as their widest cell, so the
    /// rows (a few bytes each, not the pods' JSON) are kept until every width is known.
    /// They are made in two halves side by side: the table is the last part of a large
    /// report to be ready, and nothing else is left to do meanwhile.
    private func textTable(_ report: Report) -> TextTable {
        let middle = report.store.displayOrder.count / 2
        let firstHalf = ConcurrentValue { Self.tableRows(report, at: 0..<middle) }
        let secondHalf = Self.tableRows(report, at: middle..<report.store.displayOrder.count)
        let rows = [TableRow(cells: headers)] + firstHalf.take() + secondHalf
        var widths = [Int](repeating: 0, count: headers.count)
        for row in rows {
            for (column, width) in row.widths.enumerated() { widths[column] = max(widths[column], width) }
        }
        return TextTable(rows: rows, widths: widths)
    }

    /// The rows of the text table and its columns' widths.
    private struct TextTable {
        var rows: [TableRow]
        var widths: [Int]

        /// The table's lines, 64 KiB at a time: a 12,000-pod table is megabytes, never held twice whole.
        func write<Sink: ReportSink>(to output: inout Sink) {
            var lines: [UInt8] = []
            lines.reserveCapacity(Self.piece + 4096)
            for row in rows {
                row.write(padding: widths, to: &lines)
                if lines.count >= Self.piece {
                    output.write(String(decoding: lines, as: UTF8.self))
                    lines.removeAll(keepingCapacity: true)
                }
            }
            if !lines.isEmpty { output.write(String(decoding: lines, as: UTF8.self)) }
        }

        private static let piece = 64 << 10
    }

    /// The table rows of the pods at `positions` of the report order.
    private static func tableRows(_ report: Report, at positions: Range<Int>) -> [TableRow] {
        var rows: [TableRow] = []
        rows.reserveCapacity(positions.count)
        report.forEachPodRecord(at: positions) { rows.append(podRow($0, revision: $1, services: $2)) }
        return rows
    }

    /// A finding as the Markdown form prints it, its strings from the cluster cleaned and
    /// bounded as the text form's are (that form writes its lines from the finding itself:
    /// `ReportRenderer+TextFindings`, whose `subject` and `appendWindow` say both forms' words).
    private struct PrintedFinding {
        var severity: String
        var rule: String
        /// `namespace/pod → svc/service`.
        var subject: String
        var summary: String
        /// `14:23:11.2–14:23:19.0 (7.8 s)`, or `since 14:23:11.2 (still open, 7.8 s)`.
        var window: String
        /// Each piece of evidence: its time and what happened.
        var evidence: [(time: Timestamp, what: String)]
        var remedy: String
        /// What the access logs said of the window, in words; nil without access logs.
        var impact: String?

        init(_ finding: ReportedFinding) {
            severity = finding.severity
            rule = finding.rule
            subject = ReportRenderer.shown(ReportRenderer.subject(namespace: finding.namespace, pod: finding.pod, service: finding.service),
                                           limit: ReportRenderer.nameLimit * 3)
            summary = ReportRenderer.shown(finding.summary, limit: ReportRenderer.lineLimit)
            var window = TextBytes(capacity: 64)
            ReportRenderer.appendWindow(start: finding.start, end: finding.end, length: finding.seconds, to: &window)
            self.window = String(decoding: window.bytes, as: UTF8.self)
            evidence = finding.evidence.map { ($0.time, ReportRenderer.shown($0.what, limit: ReportRenderer.lineLimit)) }
            remedy = finding.remedy
            impact = finding.impact.flatMap { $0.object == nil ? nil : ReportRenderer.impactLine($0) }
        }
    }

    /// The words of `TrafficCounts.windowSentence`, its codes and flags bounded as every printed line is.
    static func impactLine(_ impact: JSON) -> String {
        let counts = TrafficCounts(json: impact)
        guard counts.failed > 0 else { return counts.windowSentence }
        return "\(counts.failedOfRequests) failed during this window: \(shown(counts.failureSummary, limit: lineLimit))"
    }

    /// The traffic section of the text form: totals, what no finding explains, and each log read.
    private func textTraffic(_ json: JSON) -> String {
        let traffic = json["traffic"]
        guard traffic.object != nil else { return "" }
        var output = "Traffic (access logs): \(traffic["requests"].int ?? 0) requests, \(traffic["failed"].int ?? 0) failed\n"
        let unexplained = traffic["unexplained"].array
        if unexplained.isEmpty {
            output += "  Every failed request falls in a finding's window.\n"
        } else {
            output += "  Failed requests no finding explains:\n"
            for window in unexplained {
                let subject = Self.shown([window["namespace"].string, window["pod"].string ?? window["service"].string.map { "svc/\($0)" }]
                    .compactMap { $0 }.joined(separator: "/"), limit: Self.nameLimit * 2)
                let counts = TrafficCounts(json: window)
                output += "    \(subject)  \(Self.clock(window["start"].string))–\(Self.clock(window["end"].string))  "
                output += "\(counts.failed) failed: \(Self.shown(counts.failureSummary, limit: Self.lineLimit))\n"
            }
        }
        for source in traffic["sources"].array {
            output += "  log \(Self.logName(source)): \(source["lines"].int ?? 0) lines, \(source["entries"].int ?? 0) entries, \(source["skipped"].int ?? 0) skipped\n"
        }
        for log in traffic["unread"].array {
            output += "  log \(Self.logName(log)): no line read: \(Self.shown(log["reason"].string ?? "", limit: Self.lineLimit))\n"
        }
        let notFollowed = traffic["notFollowed"]["pods"].array
        if !notFollowed.isEmpty {
            let shownPods = notFollowed.prefix(5).map { Self.shown($0.string ?? "", limit: Self.nameLimit * 2) }.joined(separator: ", ")
            output += "  \(notFollowed.count) pod\(notFollowed.count == 1 ? "'s" : "s'") proxy logs not followed "
                + "(--max-log-streams \(traffic["notFollowed"]["maxLogStreams"].int ?? 0)): \(shownPods)\(notFollowed.count > 5 ? ", …" : "")\n"
        }
        return output + "\n"
    }

    /// `namespace/pod/container` of a report's log source, bounded.
    private static func logName(_ log: JSON) -> String {
        shown("\(log["namespace"].string ?? "")/\(log["pod"].string ?? "")/\(log["container"].string ?? "")", limit: nameLimit * 3)
    }

    /// `clock(time.rfc3339(fractionDigits: 3))`, written from the time itself where the
    /// years have four digits (every time in practice): an evidence line has one, and the
    /// RFC 3339 string made to be cut cost most of printing the line.
    static func clock(_ time: Timestamp) -> String {
        time.hasFourDigitYear ? time.clockString(fractionDigits: 1) : clock(time.rfc3339(fractionDigits: 3))
    }

    /// `14:23:11.2` of `2026-11-21T14:23:11.234Z`; `?` when there is no time.
    private static func clock(_ rfc3339: String?) -> String {
        guard let text = rfc3339 else { return "?" }
        // The report's own times are ASCII, a Character a byte: read as bytes (each
        // evidence line has one), where counting Characters walks grapheme rules.
        // In the String's own storage: the view walked generically cost ~1,500 instructions
        // a time. Nil inside: not plain ASCII, left to the Character walk below.
        let fromBytes = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
            return bytes.count >= 21 ? String(decoding: UnsafeBufferPointer(rebasing: bytes[11..<21]), as: UTF8.self) : "?"
        }
        if let fromBytes, let clock = fromBytes { return clock }
        guard text.count >= 21 else { return "?" }
        return String(text.dropFirst(11).prefix(10))
    }

    /// The findings in text, in runs of `findingsPerRun`, two at a time: one printed on a
    /// second thread while this one prints the other (nothing else is left to do once the
    /// last input is in), then both written in order. A findings-heavy report runs to
    /// megabytes, so it is never gathered whole: two runs' text at most is held.
    private func writeTextFindings<Sink: ReportSink>(_ report: Report, to output: inout Sink) {
        guard !report.findings.isEmpty else { return output.write("Findings: none\n\n") }
        output.write("Findings: \(report.findings.count)\n\n")
        let order = report.findingOrder
        for start in stride(from: 0, to: order.count, by: 2 * Self.findingsPerRun) {
            let middle = min(start + Self.findingsPerRun, order.count)
            let second = order[middle..<min(middle + Self.findingsPerRun, order.count)]
            let printingSecond = second.isEmpty ? nil : ConcurrentValue { Self.textFindings(second, of: report) }
            output.write(utf8: Self.textFindings(order[start..<middle], of: report))
            if let printingSecond { output.write(utf8: printingSecond.take()) }
        }
    }

    /// Findings a thread prints at a time: enough that starting the thread costs little beside them.
    static let findingsPerRun = 512

    private func markdownFindings(_ report: Report) -> String {
        guard !report.findings.isEmpty else { return "None.\n\n" }
        var output = ""
        report.forEachReportedFinding { reported in
            let finding = PrintedFinding(reported)
            output += "#### \(finding.severity): `\(finding.rule)` — \(finding.subject.markdownEscaped)\n\n"
            output += "\(finding.summary.markdownEscaped) — \(finding.window).\n\n"
            if let impact = finding.impact { output += "\(impact.markdownEscaped)\n\n" }
            output += "| time (UTC) | evidence |\n|---|---|\n"
            for item in finding.evidence {
                output += "| \(item.time.rfc3339(fractionDigits: 3)) | \(item.what.markdownEscaped) |\n"
            }
            let fence = finding.remedy.markdownFence
            output += "\n**Fix**\n\n\(fence)yaml\n\(finding.remedy)\n\(fence)\n\n"
        }
        return output
    }

    /// The traffic section in Markdown: the same words as the text form's, as a list.
    private func markdownTraffic(_ json: JSON) -> String {
        guard json["traffic"].object != nil else { return "" }
        let lines = textTraffic(json).split(separator: "\n").map(String.init)
        guard let first = lines.first else { return "" }
        return "### Traffic\n\n\(first.markdownEscaped)\n\n" + lines.dropFirst().map {
            "- " + $0.trimmingLeadingSpaces.markdownEscaped
        }.joined(separator: "\n") + "\n\n"
    }

    private func markdown<Sink: ReportSink>(_ json: JSON, _ report: Report, to output: inout Sink) {
        var head = "## rollwatch report\n\n"
        head += "Window: \(json["window"]["start"].string ?? "?") – \(json["window"]["end"].string ?? "?")\n\n"
        head += "### Findings\n\n" + markdownFindings(report) + markdownGantt(json) + markdownTraffic(json) + "### Pods\n\n"
        head += "| " + headers.joined(separator: " | ") + " |\n"
        head += "|" + String(repeating: "---|", count: headers.count) + "\n"
        output.write(head)
        report.forEachPodRecord { record, revision, services in
            output.write("| " + Self.podRow(record, revision: revision, services: services).cells.map { $0.markdownEscaped }.joined(separator: " | ") + " |\n")
        }
        let notKept = notKeptLine(json)
        if !notKept.isEmpty { output.write("\n" + notKept) }
    }

    /// Says how many deleted pods the store no longer keeps (a long session), if any.
    private func notKeptLine(_ json: JSON) -> String {
        guard let count = json["podsNotKept"].int, count > 0 else { return "" }
        return "\(count) earlier deleted pods not kept (only the most recent are listed)\n"
    }
}

private extension String {
    var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
