import KubeModel
import RolloutCore

/// What a frame drew, besides its cells: what the next key press needs to know.
public struct Rendered: Sendable {
    public var screen: Screen
    /// The visible pods' uids in table order, for moving the selection.
    public var rows: [String]
    /// Rows one page of the table (or detail) holds.
    public var page: Int
    /// The pod of each finding in the findings list.
    public var findingPods: [String?]
    /// The selection after clamping (a selected pod that left the filter, say).
    public var view: ViewState

    /// What the next key press needs of this frame.
    public var layout: ViewLayout { ViewLayout(rows: rows, page: page, findingPods: findingPods) }
}

/// Lays out and draws one frame: header, pod table, detail pane, findings list,
/// help, footer. A pure function of its input, so render tests need no terminal.
public struct RolloutView {
    /// Below this the view shows only a message asking for more room.
    public static let minimumWidth = 60
    public static let minimumHeight = 16
    /// From this width the detail pane sits beside the table instead of below it.
    public static let wideWidth = 120

    /// Rows, findings and grouping kept from frame to frame, so a frame redoes only what changed.
    let caches = ViewCaches()

    public init() {}

    public func render(_ input: ViewInput, width: Int, height: Int) -> Rendered {
        var screen = Screen(width: width, height: height)
        var view = input.view
        guard width >= RolloutView.minimumWidth, height >= RolloutView.minimumHeight else {
            drawTooSmall(&screen)
            if input.glyphs.isASCII { screen.transliterateToASCII() }
            return Rendered(screen: screen, rows: [], page: 1, findingPods: [], view: view)
        }
        let store = input.state.store
        let groups = PodGroups(state: input.state, caches: caches, glyphs: input.glyphs, filter: view.filter, now: input.now)
        let serials = groups.serials
        if view.followsHazards, let worst = groups.worstHazard {
            view.selectedPod = store.uidsBySerial[worst]
        }
        var selectedSerial = view.selectedPod.flatMap { store.pods[$0]?.serial }
        if selectedSerial == nil || groups.position(of: selectedSerial!) == nil {
            selectedSerial = serials.first
            view.selectedPod = selectedSerial.map { store.uidsBySerial[$0] }
        }
        let order = caches.findings.order
        // Failures no finding explains follow the findings in the list; asked for only while it shows.
        let unexplained = caches.unexplained
        if view.panel == .findings { unexplained.update(from: input.state, now: input.now) }
        let listed = view.panel == .findings ? unexplained.windows : []
        let findingPods = order.pods + (view.panel == .findings ? unexplained.pods : [])
        view.selectedFinding = min(view.selectedFinding, max(0, findingPods.count - 1))

        HeaderBar(input: input).draw(into: &screen, width: width)
        let body = Rect(x: 0, y: 1, width: width, height: height - 2)
        var page = body.height - 2
        let selected = selectedSerial.flatMap { store.record(serial: $0) }
        let detail = selected.map { DetailPane(record: $0, input: input, row: groups.row($0.serial)) }

        switch view.panel {
        case .findings:
            FindingsList(order: order.indices, findings: input.state.findings, unexplained: listed,
                         selected: view.selectedFinding, input: input)
                .draw(into: &screen, in: body)
        case .detail:
            if let detail {
                view.detailScroll = detail.draw(into: &screen, in: body, scroll: view.detailScroll)
            } else {
                screen.put("No pod selected.", x: 1, y: body.y + 1, role: .dim)
            }
        case .pods:
            let table: Rect
            let detailArea: Rect?
            if width >= RolloutView.wideWidth {
                let tableWidth = min(96, width * 3 / 5)
                table = Rect(x: 0, y: body.y, width: tableWidth, height: body.height)
                for y in body.y..<body.maxY { screen.put(String(input.glyphs.vertical), x: tableWidth, y: y, role: .border) }
                detailArea = Rect(x: tableWidth + 1, y: body.y, width: width - tableWidth - 1, height: body.height)
            } else {
                let wanted = groups.lineCount + 1
                let tableHeight = max(3, min(wanted + 1, body.height * 9 / 20))
                table = Rect(x: 0, y: body.y, width: width, height: tableHeight)
                detailArea = Rect(x: 0, y: body.y + tableHeight, width: width, height: body.height - tableHeight)
            }
            page = max(1, table.height - 2)
            view.tableScroll = PodTable(groups: groups, selected: selectedSerial, input: input)
                .draw(into: &screen, in: table, scroll: view.tableScroll)
            if let detailArea, let detail {
                _ = detail.draw(into: &screen, in: detailArea, scroll: 0, compact: true)
            } else if let detailArea {
                let message = store.pods.isEmpty ? "Waiting for pods…" : "No pod matches the filter."
                screen.put(message, x: detailArea.x + 1, y: detailArea.y + 1, role: .dim)
            }
        }
        Footer(input: input, view: view).draw(into: &screen, y: height - 1, width: width)
        if view.showHelp { HelpOverlay(replay: input.playback.isReplay, glyphs: input.glyphs).draw(into: &screen) }
        if input.glyphs.isASCII { screen.transliterateToASCII() }
        return Rendered(screen: screen, rows: groups.uids, page: page, findingPods: findingPods, view: view)
    }

    private func drawTooSmall(_ screen: inout Screen) {
        let lines = ["rollwatch needs at least \(RolloutView.minimumWidth)×\(RolloutView.minimumHeight);",
                     "this terminal is \(screen.width)×\(screen.height).", "Enlarge it, or press q to quit."]
        for (index, line) in lines.enumerated() {
            let y = screen.height / 2 - 1 + index
            screen.put(line, x: max(0, (screen.width - DisplayWidth.of(line)) / 2), y: y, role: index == 2 ? .dim : .warning)
        }
    }
}
