import KubeModel

public enum Severity: String, Sendable, Comparable, CaseIterable {
    case info
    case warning
    case critical

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rank < rhs.rank
    }
}

/// The stable rule ids of SPEC §4: what reports, filters and CI gates key on.
public enum RuleID: String, Sendable, CaseIterable {
    case trafficBeforeReady = "traffic-before-ready"
    case sidecarNotReady = "sidecar-not-ready"
    case initBlockedByMesh = "init-blocked-by-mesh"
    case negGateWithoutHealthCheck = "neg-gate-without-health-check"
    case negGateTimeout = "neg-gate-timeout"
    case noDrainDelay = "no-drain-delay"
    case noReadyEndpoints = "no-ready-endpoints"
    case missingReadinessProbe = "missing-readiness-probe"
    case gracePeriodCapped = "grace-period-capped"
    case probeFailures = "probe-failures"
}

/// One timed fact that proves a finding.
public struct Evidence: Sendable, Equatable {
    public var at: Timestamp
    public var what: String

    public init(at: Timestamp, what: String) {
        self.at = at
        self.what = what
    }
}

/// A race rollwatch found: what, where, over which window of the receive
/// timeline, why it believes it, and what to change.
public struct Finding: Sendable, Equatable {
    public var rule: RuleID
    public var severity: Severity
    public var namespace: String
    /// nil for Service-level findings (no-ready-endpoints).
    public var pod: String?
    /// The uid of the pod instance the finding is about (nil for Service-level ones):
    /// names are reused (a StatefulSet's pods), uids are not, so this is how a view
    /// gives a finding to its pod. Not printed in reports.
    public var podUID: String?
    public var containers: [String]
    public var service: String?
    public var start: Timestamp
    /// nil while the condition lasts.
    public var end: Timestamp?
    public var summary: String
    public var evidence: [Evidence]
    public var remedy: String

    /// Length of the window; open findings count up to `now`.
    public func seconds(until now: Timestamp) -> Double {
        (end ?? now).seconds(since: start)
    }
}
