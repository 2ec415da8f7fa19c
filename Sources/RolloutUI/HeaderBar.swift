import KubeModel
import RolloutCore

/// Row 0: where we look, LIVE/REPLAY/PAUSED, the clock, stream health and open
/// findings by severity. Parts drop from the right of the context inward when narrow.
struct HeaderBar {
    let input: ViewInput

    func draw(into screen: inout Screen, width: Int) {
        screen.fill(x: 0, y: 0, width: width, height: 1, role: .header)
        var left: Line = [Segment(" rollwatch ", .headerAccent)]
        let session = input.session
        if let recording = session.recording { left.append(Segment(" " + lastPathComponent(recording) + " ", .header)) }
        if let context = session.context, width >= 100 { left.append(Segment(" ctx " + context + " ", .header)) }
        left.append(Segment(" ns " + (session.namespace ?? "all") + " ", .header))
        if let target = session.target { left.append(Segment(" " + target + " ", .headerAccent)) }

        var right: Line = []
        switch input.playback {
        case .live: right.append(Segment(" LIVE ", .live))
        case .playing(let speed, let progress):
            right.append(Segment(" REPLAY \(Format.speed(speed)) \(Format.percent(progress)) ", .replay))
        case .paused(_, let progress): right.append(Segment(" PAUSED \(Format.percent(progress)) ", .paused))
        }
        right.append(Segment(" " + Format.clock(input.now) + " ", .header))
        right += streamHealth(short: width < 100)
        right += recentFailures(short: width < 100)
        right += openCounts()

        let rightWidth = right.reduce(0) { $0 + DisplayWidth.of($1.text) }
        screen.draw(left, x: 0, y: 0, width: max(0, width - rightWidth - 1))
        screen.draw(right, x: max(0, width - rightWidth), y: 0, width: rightWidth)
    }

    private func streamHealth(short: Bool) -> Line {
        let streams = input.state.store.streams.values
        if streams.isEmpty { return [Segment(short ? " … " : " connecting… ", .header)] }
        let failing = streams.filter { $0.state == .failing }
        // How the streams reach the cluster, when a stream said (`proxy`, or `exec` for kubectl per stream).
        let through = streams.compactMap(\.transport).max().map { short ? "" : " via \($0)" } ?? ""
        if failing.isEmpty { return [Segment(short ? " ok " : " streams ok\(through) ", .header)] }
        let names = failing.map(\.resource.rawValue).sorted().joined(separator: ",")
        return [Segment(" \(input.glyphs.failed) \(names) ", .error)]
    }

    /// Requests that failed in the last minute, by their own start times, when access
    /// logs are followed: nothing at all without them.
    private func recentFailures(short: Bool) -> Line {
        guard let traffic = input.state.traffic else { return [] }
        let failed = traffic.failures(from: input.now.adding(seconds: -59), to: input.now)
        let text = short ? " \(input.glyphs.failed)\(failed)/1m " : " \(input.glyphs.failed) \(failed) failed/1m "
        return [Segment(text, failed > 0 ? .error : .header)]
    }

    private func openCounts() -> Line {
        // Counted by the engine as findings open and close, not by a pass over them all.
        let index = input.state.findingIndex
        var line: Line = []
        for severity in [Severity.critical, .warning, .info] {
            let count = index.openCount(severity)
            line.append(Segment(" \(severity.glyph(input.glyphs))\(count) ", count > 0 ? severity.shadeRole : .header))
        }
        return line
    }

    private func lastPathComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

/// The last row: the filter line while editing, else a status message, else key hints.
struct Footer {
    let input: ViewInput
    let view: ViewState

    func draw(into screen: inout Screen, y: Int, width: Int) {
        if view.editingFilter {
            screen.fill(x: 0, y: y, width: width, height: 1, role: .filter)
            let end = screen.put(" / " + view.filter, x: 0, y: y, role: .filter)
            screen.put(" ", x: end, y: y, role: .cursor)
            screen.put("⏎ apply  Esc clear", x: max(end + 2, width - 19), y: y, role: .filter)
            return
        }
        var line: Line = []
        if !view.filter.isEmpty { line.append(Segment(" /" + view.filter + " ", .filter)) }
        if let status = input.status {
            line.append(Segment(" " + status, .error))
            screen.draw(line, x: 0, y: y, width: width)
            return
        }
        var actions: [Action] = [.quit, .up, .openDetail, .findings, .filter, .help]
        if input.playback.isReplay { actions = [.quit, .pause, .rewind, .forward, .nextMarker, .faster, .slower, .help] }
        for action in actions {
            let binding = KeyTable.binding(action)
            line.append(Segment(" " + binding.label(ascii: input.glyphs.isASCII).split(separator: " ").joined(separator: "/") + " ", .keyHint))
            line.append(Segment(Footer.shortHelp[action] ?? "", .dim))
        }
        screen.draw(line, x: 0, y: y, width: width)
    }

    static let shortHelp: [Action: String] = [
        .quit: "quit", .up: "select", .openDetail: "detail", .findings: "findings", .filter: "filter", .help: "help",
        .pause: "pause", .rewind: "-5s", .forward: "+5s", .nextMarker: "next marker", .faster: "faster", .slower: "slower",
    ]
}

/// `?`: every key from the key table, in a box over the middle of the screen.
struct HelpOverlay {
    let replay: Bool
    let glyphs: Glyphs

    func draw(into screen: inout Screen) {
        let bindings = KeyTable.bindings.filter { replay || $0.scope == .always }
        let width = min(screen.width - 4, 78)
        let height = min(screen.height - 2, bindings.count + 4)
        let x = (screen.width - width) / 2
        let y = max(1, (screen.height - height) / 2)
        screen.fill(x: x, y: y, width: width, height: height, role: .text)
        screen.put(" Keys ", x: x + 2, y: y, role: .title)
        screen.put(String(repeating: glyphs.horizontal, count: max(0, width - 8)), x: x + 8, y: y, role: .border)
        for (index, binding) in bindings.prefix(height - 3).enumerated() {
            let row = y + 1 + index
            screen.put(Format.pad(binding.label(ascii: glyphs.isASCII), 8), x: x + 2, y: row, role: .keyHint)
            screen.put(binding.help + (binding.scope == .replay ? " (replay)" : ""), x: x + 11, y: row, role: .text, limit: width - 12)
        }
        screen.put("any key closes this", x: x + 2, y: y + height - 1, role: .dim)
    }
}
