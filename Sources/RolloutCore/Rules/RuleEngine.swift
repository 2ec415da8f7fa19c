import KubeModel

/// Asks the rules about what the store's events touched and hands what they
/// observe to the `FindingTracker`, which times conditions into findings on the
/// receive timeline (thresholds, windows, flap merging). Time comes only from
/// events and `advance(to:)`, so replay gives the same findings.
///
/// A rule is asked about a touched pod only when something it reads changed
/// (`PodRule.reads` against what the store says changed): asked again with the same
/// inputs it would say the same, and the tracker keeps the conditions of rules not
/// asked as they are. On an event-heavy stream most touches are one Event, which
/// most rules do not read.
public struct RuleEngine: Sendable {
    public let settings: RuleSettings

    private let podRules: [any PodRule]
    /// What `podRules` read, observe when and emit, in the same order: read for every
    /// rule on every touch, where a look into each existential copied it.
    private let reads: [PodInputs]
    private let observesWhen: [PodInputs]
    private let emitted: [RuleIDSet]
    private let serviceRule = NoReadyEndpointsRule()
    private var tracker: FindingTracker
    /// Asks every rule about every touched pod, as the engine did before it knew what
    /// rules read: what tests compare the selective engine with.
    private let asksEveryRule: Bool
    /// `Store.workloadsGeneration` when the rules reading workloads last looked at a
    /// pod, for the pods where one of them observed something: workloads change without
    /// touching pods, so such a pod's next touch asks them again if they changed since.
    /// A pod where they observed nothing needs no entry: they read workloads only once
    /// something else made them observe.
    private var workloadsSeen: [FindingSubject: Int] = [:]

    public init(settings: RuleSettings = RuleSettings()) {
        self.init(settings: settings, asksEveryRule: false)
    }

    init(settings: RuleSettings, asksEveryRule: Bool) {
        self.settings = settings
        self.asksEveryRule = asksEveryRule
        tracker = FindingTracker(flapWindow: settings.flapWindow)
        podRules = [
            TrafficBeforeReadyRule(), SidecarNotReadyRule(), InitBlockedByMeshRule(), NEGGateRule(),
            NoDrainDelayRule(), MissingReadinessProbeRule(), GracePeriodCappedRule(), ProbeFailuresRule(),
        ]
        reads = podRules.map(\.reads)
        observesWhen = podRules.map(\.observesWhen)
        emitted = podRules.map { RuleIDSet($0.emits) }
    }

    /// Every finding so far, in the order found; indices are stable.
    public var findings: [Finding] { tracker.findings }
    /// The findings per pod, open counts and changes, kept up to date for views.
    public var index: FindingIndex { tracker.index }

    /// Re-evaluates what the store's latest events touched, at receive time `now`.
    public mutating func update(_ store: inout Store, now: Timestamp) {
        let changes = store.takeChanges()
        // In uid order; most inputs touch one pod, which needs no sorting (nor the array a sort makes).
        if changes.pods.count == 1, let (uid, changed) = changes.pods.first {
            evaluate(uid, changed, in: store, now: now)
        } else {
            for (uid, changed) in changes.pods.sorted(by: { $0.key < $1.key }) { evaluate(uid, changed, in: store, now: now) }
        }
        for service in changes.services.sorted() {
            tracker.reconcile(subject: .service(service),
                              serviceRule.observe(service: service, in: store, settings: settings), now: now)
        }
        advance(to: now)
    }

    /// Asks the rules that read what changed about the pod with this uid, and hands what
    /// they observe to the tracker.
    private mutating func evaluate(_ uid: String, _ changed: PodInputs, in store: Store, now: Timestamp) {
        guard let record = store.pods[uid] else { return }
        let subject = FindingSubject.pod(uid: uid)
        var inputs = asksEveryRule ? .all : changed
        if let seen = workloadsSeen[subject], seen != store.workloadsGeneration { inputs.insert(.workloads) }
        let holding = tracker.rulesHeld(by: subject)
        var asked = RuleIDSet()
        var askedAllWorkloadReaders = true
        var workloadReadersObserved = false
        var observations: [Observation] = []
        for position in podRules.indices {
            let reads = reads[position]
            // A rule that observed nothing here says nothing again until what can make it observe changes.
            guard !reads.isDisjoint(with: inputs),
                  holding.overlaps(emitted[position]) || !observesWhen[position].isDisjoint(with: inputs) else {
                if reads.contains(.workloads) { askedAllWorkloadReaders = false }
                continue
            }
            asked.formUnion(emitted[position])
            let before = observations.count
            // A removed pod's conditions are over; only findings whose window the rule
            // knows (an exit after deletion, probe failures) can still be learnt from it.
            let observed = podRules[position].observe(record, in: store, settings: settings)
            if !observed.isEmpty {
                let kept = record.isRemoved ? observed.filter { $0.window != nil } : observed
                // Taken as it is when it is the first: appended, each observation was copied.
                if observations.isEmpty { observations = kept } else { observations += kept }
            }
            if reads.contains(.workloads), observations.count > before { workloadReadersObserved = true }
        }
        if !askedAllWorkloadReaders, workloadReadersObserved {
            workloadsSeen[subject] = -1 // some were not asked: ask them all next time
        } else if askedAllWorkloadReaders {
            workloadsSeen[subject] = workloadReadersObserved ? store.workloadsGeneration : nil
        }
        tracker.reconcile(subject: subject, observations, now: now, asked: asked)
    }

    /// Opens every candidate whose threshold has passed by `now`; call as time passes
    /// without events (the live clock tick, or the replay clock).
    public mutating func advance(to now: Timestamp) {
        tracker.advance(to: now)
    }

    /// The earliest time a candidate will become a finding, for the run loop's timer.
    public var nextThreshold: Timestamp? { tracker.nextThreshold }
}
