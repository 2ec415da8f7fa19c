import KubeModel

/// Asks the rules about what the store's events touched and hands what they
/// observe to the `FindingTracker`, which times conditions into findings on the
/// receive timeline (thresholds, windows, flap merging). Time comes only from
/// events and `advance(to:)`, so replay gives the same findings.
public struct RuleEngine: Sendable {
    public let settings: RuleSettings

    private let podRules: [any PodRule]
    private let serviceRule = NoReadyEndpointsRule()
    private var tracker: FindingTracker

    public init(settings: RuleSettings = RuleSettings()) {
        self.settings = settings
        tracker = FindingTracker(flapWindow: settings.flapWindow)
        podRules = [
            TrafficBeforeReadyRule(), SidecarNotReadyRule(), InitBlockedByMeshRule(), NEGGateRule(),
            NoDrainDelayRule(), MissingReadinessProbeRule(), GracePeriodCappedRule(), ProbeFailuresRule(),
        ]
    }

    /// Every finding so far, in the order found; indices are stable.
    public var findings: [Finding] { tracker.findings }
    /// The findings per pod, open counts and changes, kept up to date for views.
    public var index: FindingIndex { tracker.index }

    /// Re-evaluates what the store's latest events touched, at receive time `now`.
    public mutating func update(_ store: inout Store, now: Timestamp) {
        let changes = store.takeChanges()
        for uid in changes.pods.sorted() {
            guard let record = store.pods[uid] else { continue }
            // A removed pod's conditions are over; only findings whose window the rule
            // knows (an exit after deletion, probe failures) can still be learnt from it.
            let observations = podRules.flatMap { $0.observe(record, in: store, settings: settings) }
                .filter { !record.isRemoved || $0.window != nil }
            tracker.reconcile(subject: "pod:" + uid, observations, now: now)
        }
        for service in changes.services.sorted() {
            tracker.reconcile(subject: "svc:" + service.description,
                              serviceRule.observe(service: service, in: store, settings: settings), now: now)
        }
        advance(to: now)
    }

    /// Opens every candidate whose threshold has passed by `now`; call as time passes
    /// without events (the live clock tick, or the replay clock).
    public mutating func advance(to now: Timestamp) {
        tracker.advance(to: now)
    }

    /// The earliest time a candidate will become a finding, for the run loop's timer.
    public var nextThreshold: Timestamp? { tracker.nextThreshold }
}
