import KubeModel
import KubeWatch
import RolloutCore

/// Runs the streams of a plan on one run loop and reduces what they receive into
/// the store. The wiring between KubeWatch and RolloutCore, nothing more.
final class LiveSession {
    let plan: WatchPlan
    private(set) var store: Store
    private(set) var rules: RuleEngine
    private(set) var interruptedBy: Int32?
    /// Set when the cluster refused the pods list before it ever succeeded.
    private(set) var clusterFailure: String?

    private let loop = RunLoop()
    private var streams: [WatchStream] = []
    private var signals: SignalSource?

    init(plan: WatchPlan, kubectl: Kubectl, store: Store, rules: RuleEngine) {
        self.plan = plan
        self.store = store
        self.rules = rules
        streams = plan.requests.map { request in
            WatchStream(request: request, kubectl: kubectl) { [unowned self] output in self.receive(output) }
        }
        streams.forEach(loop.add)
        let signals = SignalSource { [unowned self] signal in
            self.interruptedBy = signal
            self.loop.stop()
        }
        self.signals = signals
        loop.add(signals)
        loop.add(RuleClock(session: self))
    }

    /// Lets thresholds (30 s in Init, the lag tolerance) pass without an event.
    func advanceRules(to now: Timestamp) {
        rules.advance(to: now)
    }

    var nextRuleThreshold: Timestamp? { rules.nextThreshold }

    /// Streams for `seconds`, or until a signal or a cluster failure.
    func run(seconds: Double) {
        let now = MonotonicInstant.now()
        streams.forEach { $0.start(now: now) }
        loop.run(until: now.adding(seconds))
        streams.forEach { $0.stop() }
        rules.advance(to: Timestamp.now())
    }

    private var podStream: WatchStream? { streams.first { $0.request.resource == .pods } }

    private func receive(_ output: StreamOutput) {
        switch output {
        case .received(_, let event):
            store.apply(event)
            rules.update(&store, now: event.time)
        case .notice(let notice):
            store.apply(notice)
            // Before the first pods list, an error means the cluster cannot be read at all.
            if notice.kind == .error, notice.resource == .pods, podStream?.hasListed == false {
                clusterFailure = notice.detail
                loop.stop()
            }
        }
    }
}

/// Wakes the run loop when the earliest rule threshold falls due.
private final class RuleClock: PollSource {
    unowned let session: LiveSession

    init(session: LiveSession) {
        self.session = session
    }

    var pollDescriptors: [Int32] { [] }

    var nextDeadline: MonotonicInstant? {
        guard let due = session.nextRuleThreshold else { return nil }
        return MonotonicInstant.now().adding(max(0, due.seconds(since: Timestamp.now())))
    }

    func handleReadable(_ fd: Int32, now: MonotonicInstant) {}

    func handleDeadline(now: MonotonicInstant) {
        session.advanceRules(to: Timestamp.now())
    }
}
