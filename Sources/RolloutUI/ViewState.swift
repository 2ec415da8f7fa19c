/// What the user has chosen to look at, apart from the data: the selection, the
/// open panel, the filter. Changed only by `apply`, so every key press is a pure
/// step that tests can take.
public struct ViewState: Sendable, Equatable {
    public enum Panel: Sendable, Equatable {
        /// The pod table with the selected pod's detail beside or below it.
        case pods
        /// The selected pod's detail, full size.
        case detail
        case findings
    }

    public var panel: Panel = .pods
    /// The selected pod, by uid, so the selection stays on its pod as rows move.
    public var selectedPod: String?
    /// Until the user moves the selection, it follows the pod with the worst open hazard.
    public var followsHazards = true
    public var selectedFinding = 0
    public var tableScroll = 0
    public var detailScroll = 0
    public var showHelp = false
    public var filter = ""
    public var editingFilter = false
    public var quitRequested = false

    public init() {}

    /// Keys typed while the filter line is open edit it.
    public mutating func edit(filterWith key: Key) {
        switch key {
        case .enter: editingFilter = false
        case .escape:
            editingFilter = false
            filter = ""
        case .backspace: if !filter.isEmpty { filter.removeLast() }
        case .character(let character):
            if filter.count < 64, !character.isNewline { filter.append(character) }
        default: break
        }
    }

    /// One navigation step. `rows` are the visible pods' uids in order; `page` the
    /// rows one page holds; `findingPods` the pod uid of each finding in the list.
    public mutating func apply(_ action: Action, rows: [String], page: Int, findingPods: [String?]) {
        if showHelp {
            // Any key closes help; q still quits.
            showHelp = false
            if action == .quit { quitRequested = true }
            return
        }
        switch action {
        case .quit: quitRequested = true
        case .help: showHelp = true
        case .filter: editingFilter = true
        case .findings: panel = panel == .findings ? .pods : .findings
        case .back:
            if panel != .pods { panel = .pods } else { filter = "" }
        case .openDetail:
            if panel == .findings, findingPods.indices.contains(selectedFinding), let pod = findingPods[selectedFinding] {
                selectedPod = pod
                panel = .detail
            } else {
                panel = panel == .detail ? .pods : .detail
            }
            detailScroll = 0
        case .up, .down, .pageUp, .pageDown, .top, .bottom:
            move(action, rows: rows, page: max(1, page), findings: findingPods.count)
        default: break
        }
    }

    private mutating func move(_ action: Action, rows: [String], page: Int, findings: Int) {
        let step: Int
        switch action {
        case .up: step = -1
        case .down: step = 1
        case .pageUp: step = -page
        case .pageDown: step = page
        case .top: step = Int.min / 2
        default: step = Int.max / 2
        }
        switch panel {
        case .detail:
            detailScroll = max(0, detailScroll &+ step)
        case .findings:
            guard findings > 0 else { return }
            selectedFinding = min(findings - 1, max(0, selectedFinding &+ step))
        case .pods:
            guard !rows.isEmpty else { return }
            let current = selectedPod.flatMap { rows.firstIndex(of: $0) } ?? 0
            selectedPod = rows[min(rows.count - 1, max(0, current &+ step))]
            followsHazards = false
            detailScroll = 0
        }
    }
}
