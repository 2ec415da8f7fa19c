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

        func lane(_ label: String, _ labelRole: Role, _ cell: (Timestamp) -> Mark) -> Line {
            var line: Line = [Segment(Format.pad(String(label.prefix(labelWidth)), labelWidth) + " ", labelRole)]
            for column in 0..<laneWidth { let mark = cell(time(ofColumn: column)); line.append(Segment(mark.glyph, mark.role)) }
            return merged(line)
        }
        for container in record.containers {
            let history = containerHistory(container.name)
            let role: Role = container.role == .sidecar ? .containerSidecar : container.role == .initializer ? .containerInit : .containerApp
            lines.append(lane(container.name, role) { history.value(at: $0) })
        }
        for service in services() {
            let history = endpointHistory(service)
            lines.append(lane("svc " + service, .text) { history.value(at: $0) })
        }
        for gate in record.pod.spec.readinessGates {
            let history = conditionHistory(gate)
            lines.append(lane(gateLabel(gate), .text) { history.value(at: $0) })
        }
        let ready = conditionHistory("Ready")
        lines.append(lane("pod Ready", .text) { ready.value(at: $0) })

        var events = [Mark](repeating: Mark(" ", .dim), count: laneWidth)
        for transition in record.timeline {
            if case .event = transition.change { events[column(of: transition.time)] = Mark(glyphs.eventMarker, .eventMarker) }
            if case .deletionRequested = transition.change { events[column(of: transition.time)] = Mark(glyphs.failed, .endpointTerminating) }
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

    private func services() -> [String] {
        var names: [String] = []
        for transition in record.timeline {
            if case .endpoint(let service, _) = transition.change, !names.contains(service) { names.append(service) }
        }
        return names.sorted()
    }

    private func containerHistory(_ name: String) -> History {
        var history = History(initial: Mark(" ", .dim))
        var state = ContainerState.Kind.waiting
        var ready = false
        for transition in record.timeline {
            switch transition.change {
            case .containerState(let container, let newState, _) where container == name: state = newState
            case .containerReady(let container, let isReady) where container == name: ready = isReady
            default: continue
            }
            let mark: Mark
            switch state {
            case .running: mark = ready ? Mark(glyphs.laneReady, .laneReady) : Mark(glyphs.laneRunning, .laneRunning)
            case .terminated: mark = Mark(" ", .dim)
            case .waiting, .unknown: mark = Mark(glyphs.laneWaiting, .laneWaiting)
            }
            history.append(transition.time, mark)
        }
        return history
    }

    private func endpointHistory(_ service: String) -> History {
        var history = History(initial: Mark(" ", .dim))
        for transition in record.timeline {
            guard case .endpoint(let name, let membership) = transition.change, name == service else { continue }
            let mark: Mark
            if let membership {
                if membership.terminating { mark = Mark(glyphs.laneTerminating, .endpointTerminating) }
                else if membership.ready { mark = Mark(glyphs.laneReady, .endpointReady) }
                else if membership.serving { mark = Mark(glyphs.laneServing, .endpointServing) }
                else { mark = Mark(glyphs.absent, .endpointAbsent) }
            } else {
                mark = Mark(" ", .dim)
            }
            history.append(transition.time, mark)
        }
        return history
    }

    private func conditionHistory(_ type: String) -> History {
        var history = History(initial: Mark(" ", .dim))
        for transition in record.timeline {
            guard case .condition(let name, let status, _) = transition.change, name == type else { continue }
            history.append(transition.time, status == "True" ? Mark(glyphs.laneReady, .gateTrue) : Mark(glyphs.laneWaiting, .gateFalse))
        }
        return history
    }

    /// A lane's value over time: change points in time order.
    struct History {
        var initial: Mark
        var changes: [(time: Timestamp, mark: Mark)] = []

        init(initial: Mark) {
            self.initial = initial
        }

        mutating func append(_ time: Timestamp, _ mark: Mark) {
            changes.append((time, mark))
        }

        func value(at time: Timestamp) -> Mark {
            changes.last { $0.time <= time }?.mark ?? initial
        }
    }

    // MARK: Waterfall

    /// One step of the readiness waterfall: what it is (which logic keys on) and
    /// when the pod's timeline first shows it.
    private struct Step {
        enum Kind {
            case scheduled
            case initialized
            case containersReady
            case gate(String)
            case ready
            case endpointReady
        }

        var kind: Kind
        var time: Timestamp?
    }

    private func label(_ kind: Step.Kind) -> String {
        switch kind {
        case .scheduled: return "scheduled"
        case .initialized: return "initialized"
        case .containersReady: return "containers ready"
        case .gate(let type): return gateLabel(type)
        case .ready: return "Ready"
        case .endpointReady: return "endpoint ready"
        }
    }

    private func waterfall() -> [Line] {
        var steps: [Step] = [
            Step(kind: .scheduled, time: first { if case .scheduled = $0 { return true }; return self.isCondition($0, "PodScheduled") }),
            Step(kind: .initialized, time: first { self.isCondition($0, "Initialized") }),
            Step(kind: .containersReady, time: first { self.isCondition($0, "ContainersReady") }),
        ]
        for gate in record.pod.spec.readinessGates {
            steps.append(Step(kind: .gate(gate), time: first { self.isCondition($0, gate) }))
        }
        let ready = first { self.isCondition($0, "Ready") }
        steps.append(Step(kind: .ready, time: ready))
        let endpointReady = first { change in
            if case .endpoint(_, let membership?) = change { return membership.ready }
            return false
        }
        steps.append(Step(kind: .endpointReady, time: endpointReady))

        var lines: [Line] = []
        var previous = start
        for step in steps {
            let name = label(step.kind)
            guard let time = step.time else {
                lines.append([Segment(Format.pad(name, 18), .text), Segment("—", .dim)])
                continue
            }
            var line: Line = [Segment(Format.pad(name, 18), .text),
                              Segment(Format.pad("+" + Format.seconds(time.seconds(since: start)), 10), .text)]
            let delta = time.seconds(since: previous)
            line.append(Segment(delta > 0.05 ? "(+" + Format.seconds(delta) + ")" : "", .dim))
            if case .endpointReady = step.kind, ready.map({ time < $0.adding(seconds: -0.5) }) ?? true {
                line.append(Segment("  \(glyphs.critical) before the pod was Ready", .critical))
            }
            lines.append(line)
            previous = max(previous, time)
        }
        return lines
    }

    /// A readiness gate's name in lanes and the waterfall: GKE's long NEG gate type
    /// shortened, any other as it is.
    private func gateLabel(_ type: String) -> String {
        type == NEGGateRule.gate ? "gate neg-ready" : "gate " + type
    }

    private func isCondition(_ change: Transition.Change, _ type: String) -> Bool {
        if case .condition(let name, "True", _) = change { return name == type }
        return false
    }

    private func first(_ matches: (Transition.Change) -> Bool) -> Timestamp? {
        record.timeline.first { matches($0.change) }?.time
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
