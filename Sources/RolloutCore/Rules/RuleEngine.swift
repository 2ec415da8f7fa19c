import KubeModel

/// Turns rule observations into findings on the receive timeline.
///
/// After each event the engine re-evaluates the pods and Services it touched.
/// A condition becomes a *candidate* when first observed; it opens a finding
/// once it has held for its threshold, with the finding's start at the moment
/// it began. It closes when the rule no longer observes it (the pod was deleted,
/// the endpoint caught up), at the time of the event that showed that. A
/// condition that returns within the flap window reopens its last finding.
/// Time comes only from events and `advance(to:)`, so replay gives the same findings.
public struct RuleEngine: Sendable {
    public let settings: RuleSettings
    public private(set) var findings: [Finding] = []

    private let podRules: [any PodRule]
    private let serviceRule = NoReadyEndpointsRule()
    /// Conditions observed but not yet past their threshold, by key.
    private var candidates: [String: Candidate] = [:]
    /// The finding index of each open condition, by key.
    private var openFindings: [String: Int] = [:]
    /// The last finding of each key, for flap merging.
    private var lastFinding: [String: Int] = [:]
    /// Which keys each pod (uid) or Service currently has, to notice when one stops.
    private var keysBySubject: [String: Set<String>] = [:]

    private struct Candidate: Sendable {
        var since: Timestamp
        var observation: Observation
    }

    public init(settings: RuleSettings = RuleSettings()) {
        self.settings = settings
        podRules = [
            TrafficBeforeReadyRule(), SidecarNotReadyRule(), InitBlockedByMeshRule(), NEGGateRule(),
            NoDrainDelayRule(), MissingReadinessProbeRule(), GracePeriodCappedRule(), ProbeFailuresRule(),
        ]
    }

    /// Re-evaluates what the store's latest events touched, at receive time `now`.
    public mutating func update(_ store: inout Store, now: Timestamp) {
        let changes = store.takeChanges()
        for uid in changes.pods.sorted() {
            guard let record = store.pods[uid] else { continue }
            // A removed pod's conditions are over; only findings whose window the rule
            // knows (an exit after deletion, probe failures) can still be learnt from it.
            let observations = podRules.flatMap { $0.observe(record, in: store, settings: settings) }
                .filter { !record.isRemoved || $0.window != nil }
            reconcile(subject: "pod:" + uid, observations, now: now)
        }
        for service in changes.services.sorted() {
            reconcile(subject: "svc:" + service.description, serviceRule.observe(service: service, in: store, settings: settings), now: now)
        }
        advance(to: now)
    }

    /// Opens every candidate whose threshold has passed by `now`; call as time passes
    /// without events (the live clock tick, or the replay clock).
    public mutating func advance(to now: Timestamp) {
        for (key, candidate) in candidates.sorted(by: { $0.key < $1.key })
        where candidate.since.adding(seconds: candidate.observation.threshold) <= now {
            candidates[key] = nil
            open(candidate.observation, key: key, since: candidate.since)
        }
    }

    /// The earliest time a candidate will become a finding, for the run loop's timer.
    public var nextThreshold: Timestamp? {
        candidates.values.map { $0.since.adding(seconds: $0.observation.threshold) }.min()
    }

    private mutating func reconcile(subject: String, _ observations: [Observation], now: Timestamp) {
        var current: Set<String> = []
        for observation in observations {
            let key = observation.key
            current.insert(key)
            if let window = observation.window {
                upsertWindow(observation, key: key, window: window)
            } else if let index = openFindings[key] {
                refresh(index, with: observation)
            } else if candidates[key] != nil {
                candidates[key]?.observation = observation
            } else {
                candidates[key] = Candidate(since: now, observation: observation)
            }
        }
        for key in keysBySubject[subject, default: []].subtracting(current) {
            candidates[key] = nil
            if let index = openFindings.removeValue(forKey: key) {
                findings[index].end = now
            }
        }
        keysBySubject[subject] = current.isEmpty ? nil : current
    }

    private mutating func open(_ observation: Observation, key: String, since: Timestamp) {
        if let index = lastFinding[key], let end = findings[index].end, since.seconds(since: end) <= settings.flapWindow {
            // The same condition again soon after it ended: one flapping finding, not many.
            findings[index].end = nil
            refresh(index, with: observation)
            openFindings[key] = index
            return
        }
        findings.append(Finding(observation, start: since, end: nil))
        openFindings[key] = findings.count - 1
        lastFinding[key] = findings.count - 1
    }

    /// Keeps the start, takes the newest summary and severity, and adds new evidence.
    private mutating func refresh(_ index: Int, with observation: Observation) {
        findings[index].severity = max(findings[index].severity, observation.severity)
        findings[index].summary = observation.summary
        for item in observation.evidence where !findings[index].evidence.contains(item) {
            findings[index].evidence.append(item)
        }
        findings[index].evidence.sort { $0.at < $1.at }
    }

    private mutating func upsertWindow(_ observation: Observation, key: String, window: (start: Timestamp, end: Timestamp)) {
        if let index = lastFinding[key] {
            findings[index].start = min(findings[index].start, window.start)
            findings[index].end = max(findings[index].end ?? window.end, window.end)
            refresh(index, with: observation)
        } else {
            findings.append(Finding(observation, start: window.start, end: window.end))
            lastFinding[key] = findings.count - 1
        }
    }
}

extension Finding {
    init(_ observation: Observation, start: Timestamp, end: Timestamp?) {
        self.init(rule: observation.rule, severity: observation.severity, namespace: observation.namespace,
                  pod: observation.pod, podUID: observation.podUID, containers: observation.containers, service: observation.service,
                  start: start, end: end, summary: observation.summary, evidence: observation.evidence,
                  remedy: observation.remedy)
    }
}
