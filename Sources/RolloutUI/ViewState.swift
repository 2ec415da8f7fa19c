/// What the user has chosen to look at, apart from the data: the selection, the
/// open panel, the filter. Changed only by `handle(_:replay:layout:)`, so every key
/// press is a pure step that tests can take.
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

    public init() {}

    /// One key press, as a pure step: the view state changes here, and what only the
    /// world outside can do (quit, move the replay clock) comes back as effects for
    /// the run loop to carry out. `layout` is what the last frame showed.
    public mutating func handle(_ key: Key, replay: Bool, layout: ViewLayout) -> [Effect] {
        if editingFilter {
            edit(filterWith: key)
            return []
        }
        let action = KeyTable.action(for: key, replay: replay)
        // Help is read, then any key closes it; q still quits.
        if showHelp {
            showHelp = false
            return action == .quit ? [.quit] : []
        }
        guard let action else { return [] }
        if let control = ReplayControl(action, key: key) { return [.replay(control)] }
        if action == .quit { return [.quit] }
        apply(action, layout: layout)
        return []
    }

    /// Keys typed while the filter line is open edit it.
    private mutating func edit(filterWith key: Key) {
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

    /// One navigation step of the view itself.
    private mutating func apply(_ action: Action, layout: ViewLayout) {
        switch action {
        case .help: showHelp = true
        case .filter: editingFilter = true
        case .findings: panel = panel == .findings ? .pods : .findings
        case .back:
            if panel != .pods { panel = .pods } else { filter = "" }
        case .openDetail:
            let findingPods = layout.findingPods
            if panel == .findings, findingPods.indices.contains(selectedFinding), let pod = findingPods[selectedFinding] {
                selectedPod = pod
                panel = .detail
            } else {
                panel = panel == .detail ? .pods : .detail
            }
            detailScroll = 0
        case .up, .down, .pageUp, .pageDown, .top, .bottom:
            move(action, rows: layout.rows, page: max(1, layout.page), findings: layout.findingPods.count)
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

/// What the last frame showed that the next key press needs: the visible pods'
/// uids in table order, the rows one page holds, and the pod of each finding in
/// the findings list.
public struct ViewLayout: Sendable, Equatable {
    public var rows: [String]
    public var page: Int
    public var findingPods: [String?]

    public init(rows: [String] = [], page: Int = 10, findingPods: [String?] = []) {
        self.rows = rows
        self.page = page
        self.findingPods = findingPods
    }
}

/// What a key asks of the world outside the view state; the run loop carries it out
/// (htop's HandlerResult, bubbletea's Cmd).
public enum Effect: Sendable, Equatable {
    /// End the view: the terminal is restored, kubectl stopped.
    case quit
    /// Move the replay clock.
    case replay(ReplayControl)
}

/// The replay keys, for the replay clock. Live, the source ignores them.
public enum ReplayControl: Sendable, Equatable {
    case togglePause
    case skip(seconds: Double)
    case stepBack
    case stepForward
    case previousMarker
    case nextMarker
    case faster
    case slower
    /// 0–9: to 0–90 % of the recording.
    case jump(tenth: Int)

    /// The control a replay-scope action asks for; nil for the view's own actions.
    init?(_ action: Action, key: Key) {
        switch action {
        case .pause: self = .togglePause
        case .rewind: self = .skip(seconds: -5)
        case .forward: self = .skip(seconds: 5)
        case .stepBack: self = .stepBack
        case .stepForward: self = .stepForward
        case .previousMarker: self = .previousMarker
        case .nextMarker: self = .nextMarker
        case .faster: self = .faster
        case .slower: self = .slower
        case .jump:
            guard case .character(let digit) = key, let tenth = digit.wholeNumberValue else { return nil }
            self = .jump(tenth: tenth)
        case .up, .down, .pageUp, .pageDown, .top, .bottom, .openDetail, .back, .findings, .filter, .help, .quit:
            return nil
        }
    }
}
