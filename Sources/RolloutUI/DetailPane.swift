import KubeModel
import RolloutCore

/// The selected pod, read top to bottom: who it is, its timeline lanes, the
/// readiness waterfall, its findings with evidence and fix, and its events.
struct DetailPane {
    let record: PodRecord
    let input: ViewInput
    let row: PodRow?
    /// This pod instance's findings, by start.
    let findings: [Finding]

    init(record: PodRecord, input: ViewInput, row: PodRow?) {
        self.record = record
        self.input = input
        self.row = row
        // The engine's index of this instance's findings, in the order found (as a pass
        // over all of them would meet them), then by start.
        let all = input.state.findings
        findings = input.state.findingIndex.findings(ofPod: record.uid).map { all[$0] }.sorted { $0.start < $1.start }
    }

    var glyphs: Glyphs { input.glyphs }
    var start: Timestamp { record.firstSeen }
    var end: Timestamp {
        let last = record.removedAt ?? input.now
        return last > start ? last : start.adding(seconds: 1)
    }


    /// Draws from line `scroll` (clamped) and returns the scroll used.
    func draw(into screen: inout Screen, in area: Rect, scroll: Int, compact: Bool = false) -> Int {
        let lines = self.lines(width: area.width - 2)
        let offset = compact ? 0 : min(max(0, scroll), max(0, lines.count - area.height))
        for (index, line) in lines.dropFirst(offset).prefix(area.height).enumerated() {
            screen.draw(line, x: area.x + 1, y: area.y + index, width: area.width - 2)
        }
        if lines.count > offset + area.height {
            let more = compact ? "⏎ for all of it" : "↓ more"
            screen.put(more, x: area.x + area.width - DisplayWidth.of(more) - 1, y: area.maxY - 1, role: .keyHint)
        }
        return offset
    }

    func lines(width: Int) -> [Line] {
        var lines: [Line] = [title()]
        lines.append([Segment(facts(), .dim)])
        lines += section("Timeline", width: width)
        if record.droppedTransitions > 0 {
            lines.append([Segment("\(record.droppedTransitions) earlier transitions not kept (history limit)", .dim)])
        }
        lines += lanes(width: width)
        lines += section("Readiness", width: width)
        lines += waterfall()
        lines += section("Findings (\(findings.count))", width: width)
        if findings.isEmpty { lines.append([Segment("none", .ok)]) }
        for finding in findings { lines += findingLines(finding, width: width) }
        lines += section("Events", width: width)
        lines += eventLines(width: width)
        return lines
    }

    // MARK: Title

    private func title() -> Line {
        var line: Line = [Segment(record.podName.name, .title)]
        if let row {
            if row.revision != .unknown {
                line.append(Segment("  " + row.revision.rawValue, row.revision == .new ? .revisionNew : .revisionOld))
            }
            line.append(Segment("  " + row.phase, row.phaseRole))
            if let hazard = row.hazard {
                line.append(Segment("  \(hazard.severity.glyph(glyphs)) \(hazard.rule.rawValue) ", hazard.severity.shadeRole))
            }
        }
        return line
    }

    private func facts() -> String {
        var parts = ["ns " + record.podName.namespace]
        if let node = record.pod.spec.nodeName { parts.append("node " + node) }
        if let ip = record.pod.status.podIP { parts.append("ip " + ip) }
        parts.append("seen " + Format.clock(record.firstSeen))
        if let deleted = record.deletionRequestedAt { parts.append("deletion " + Format.clockTenths(deleted)) }
        if let removed = record.removedAt { parts.append("gone " + Format.clockTenths(removed)) }
        return parts.joined(separator: " · ")
    }

    private func section(_ name: String, width: Int) -> [Line] {
        let horizontal = String(glyphs.horizontal)
        let head = horizontal + horizontal + " " + name + " "
        return [[], [Segment(head, .title), Segment(String(repeating: horizontal, count: max(0, width - DisplayWidth.of(head))), .border)]]
    }

    // MARK: Timeline lanes

    private func lanes(width: Int) -> [Line] {
        let labelWidth = min(18, max(10, width / 4))
        let laneWidth = max(8, width - labelWidth - 1)
        let span = end.seconds(since: start)
        func time(ofColumn column: Int) -> Timestamp { start.adding(seconds: span * (Double(column) + 0.5) / Double(laneWidth)) }
        func column(of time: Timestamp) -> Int { min(laneWidth - 1, max(0, Int(time.seconds(since: start) / span * Double(laneWidth)))) }

        var lines: [Line] = []
        let axisEnd = Format.clock(end) + (record.removedAt == nil ? " now" : " gone") + " (\(Format.seconds(span)))"
        var axis = Format.pad(Format.clock(start), laneWidth - DisplayWidth.of(axisEnd)) + axisEnd
        axis = String(axis.prefix(laneWidth))
        lines.append([Segment(Format.pad("", labelWidth) + " ", .dim), Segment(axis, .dim)])

        for lane in record.lanes {
            var line: Line = [Segment(Format.pad(String(lane.label.prefix(labelWidth)), labelWidth) + " ", labelRole(lane.kind))]
            for column in 0..<laneWidth {
                let mark = self.mark(lane.state(at: time(ofColumn: column)), in: lane.kind)
                line.append(Segment(mark.glyph, mark.role))
            }
            lines.append(merged(line))
        }

        var events = [Mark](repeating: Mark(" ", .dim), count: laneWidth)
        for (time, mark) in record.timelineMarks {
            switch mark {
            case .event: events[column(of: time)] = Mark(glyphs.eventMarker, .eventMarker)
            case .deletionRequested: events[column(of: time)] = Mark(glyphs.failed, .endpointTerminating)
            }
        }
        lines.append(merged([Segment(Format.pad("events", labelWidth) + " ", .text)] + events.map { Segment($0.glyph, $0.role) }))

        var hazards = [Mark](repeating: Mark(" ", .dim), count: laneWidth)
        var worst = [Severity?](repeating: nil, count: laneWidth)
        for finding in findings {
            let first = column(of: finding.start)
            let last = column(of: finding.end ?? end)
            for index in first...max(first, last) where worst[index].map({ $0 < finding.severity }) ?? true {
                worst[index] = finding.severity
                hazards[index] = Mark(glyphs.hazardShade, finding.severity.shadeRole)
            }
        }
        lines.append(merged([Segment(Format.pad("hazards", labelWidth) + " ", .text)] + hazards.map { Segment($0.glyph, $0.role) }))
        if let errors = errorsLane(width: laneWidth, time: time(ofColumn:), column: column(of:)) {
            lines.append(merged([Segment(Format.pad("errors", labelWidth) + " ", .text)] + errors.map { Segment($0.glyph, $0.role) }))
        }
        return lines
    }

    /// Joins neighbouring segments of one role: fewer, longer runs to draw.
    private func merged(_ line: Line) -> Line {
        var result: Line = []
        for segment in line {
            if let last = result.last, last.role == segment.role { result[result.count - 1].text += segment.text } else { result.append(segment) }
        }
        return result
    }

    private func labelRole(_ kind: PodLane.Kind) -> Role {
        guard case .container(_, let role) = kind else { return .text }
        return role == .sidecar ? .containerSidecar : role == .initializer ? .containerInit : .containerApp
    }

    /// A lane's state as the terminal draws it: the glyph by state, the role by what the lane is.
    private func mark(_ state: PodLane.State, in kind: PodLane.Kind) -> Mark {
        switch (kind, state) {
        case (_, .none): return Mark(" ", .dim)
        case (.container, .ready): return Mark(glyphs.laneReady, .laneReady)
        case (.container, .running): return Mark(glyphs.laneRunning, .laneRunning)
        case (.container, _): return Mark(glyphs.laneWaiting, .laneWaiting)
        case (.service, .terminating): return Mark(glyphs.laneTerminating, .endpointTerminating)
        case (.service, .ready): return Mark(glyphs.laneReady, .endpointReady)
        case (.service, .serving): return Mark(glyphs.laneServing, .endpointServing)
        case (.service, _): return Mark(glyphs.absent, .endpointAbsent)
        case (_, .ready): return Mark(glyphs.laneReady, .gateTrue)
        case (_, _): return Mark(glyphs.laneWaiting, .gateFalse)
        }
    }

    // MARK: Waterfall

    private func waterfall() -> [Line] {
        let waterfall = ReadinessWaterfall(record)
        var lines: [Line] = []
        for (step, timing) in zip(waterfall.steps, waterfall.timings) {
            guard let timing else {
                lines.append([Segment(Format.pad(step.label, 18), .text), Segment("—", .dim)])
                continue
            }
            var line: Line = [Segment(Format.pad(step.label, 18), .text),
                              Segment(Format.pad("+" + Format.seconds(timing.offset), 10), .text)]
            line.append(Segment(timing.delta > 0.05 ? "(+" + Format.seconds(timing.delta) + ")" : "", .dim))
            if step.kind == .endpointReady, waterfall.endpointReadyBeforePod {
                line.append(Segment("  \(glyphs.critical) before the pod was Ready", .critical))
            }
            lines.append(line)
        }
        return lines
    }

    // MARK: Findings and events

    private func findingLines(_ finding: Finding, width: Int) -> [Line] {
        let window = finding.end.map { "\(Format.clockTenths(finding.start))–\(Format.clockTenths($0)) (\(Format.seconds(finding.seconds(until: $0))))" }
            ?? "since \(Format.clockTenths(finding.start)), open \(Format.seconds(finding.seconds(until: input.now)))"
        var lines: [Line] = [[
            Segment(" \(finding.severity.glyph(glyphs)) ", finding.severity.shadeRole),
            Segment(" " + finding.rule.rawValue + " ", finding.severity.role),
            Segment(finding.severity.rawValue + "  " + window, .dim),
        ]]
        lines += impactLines(finding, width: width)
        lines += wrap(finding.summary, width: width - 3).map { [Segment("   " + $0, .text)] }
        for evidence in finding.evidence {
            lines.append([Segment("   " + Format.clockTenths(evidence.at) + "  ", .dim), Segment(evidence.what, .text)])
        }
        lines.append([Segment("   Fix:", .ok)])
        for remedyLine in finding.remedy.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append([Segment("     " + String(remedyLine), .info)])
        }
        return lines
    }

    private func eventLines(width: Int) -> [Line] {
        let events = input.state.store.events(of: record).sorted { $0.lastReceived < $1.lastReceived }
        if events.isEmpty { return [[Segment("none", .dim)]] }
        return events.suffix(30).map { record in
            let event = record.event
            let count = event.count > 1 ? " ×\(event.count)" : ""
            return [Segment(Format.clock(record.lastReceived) + "  ", .dim),
                    Segment(event.reason + count + "  ", event.type == "Warning" ? .warning : .text),
                    Segment(event.message, .text)]
        }
    }

    func wrap(_ text: String, width: Int) -> [String] {
        guard width > 10 else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, DisplayWidth.of(current) + 1 + DisplayWidth.of(String(word)) > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
