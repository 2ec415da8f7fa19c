import KubeModel

/// The store and the rules, fed in one order by live sessions and replays alike,
/// so a recording replays to the same findings as the session that made it.
public struct RolloutState: Sendable {
    public private(set) var store: Store
    public private(set) var rules: RuleEngine
    /// Inputs taken so far.
    public private(set) var inputCount = 0
    /// The latest time the rules were brought up to (an input or the clock).
    public private(set) var clock: Timestamp?
    /// What the followed proxy logs said: nil until the first log line, so a session
    /// without `--access-logs` pays nothing for it (nor do a replay's keyframes).
    public private(set) var traffic: TrafficLedger?

    public init(store: Store = Store(), rules: RuleEngine = RuleEngine()) {
        self.store = store
        self.rules = rules
    }

    public mutating func ingest(_ input: SessionInput) {
        // Thresholds that fell due before this input open first, as the live
        // clock would have opened them while waiting for it.
        advance(to: input.time)
        switch input {
        case .event(let event):
            store.apply(event)
            traffic?.observe(event)
            rules.update(&store, now: event.time)
        case .notice(let notice):
            store.apply(notice)
        case .log(let log):
            if traffic == nil { traffic = TrafficLedger(store: store) }
            traffic!.take(log, store: store)
        }
        inputCount += 1
    }

    /// Lets time pass without input: thresholds (30 s in Init, the lag tolerance) fall due.
    public mutating func advance(to now: Timestamp) {
        if let clock, now < clock { return }
        clock = now
        rules.advance(to: now)
    }

    public var findings: [Finding] { rules.findings }
    /// The findings per pod, open counts by severity and what changed: what a frame
    /// reads instead of passing over every finding.
    public var findingIndex: FindingIndex { rules.index }
    public var nextThreshold: Timestamp? { rules.nextThreshold }
}
