/// The tunable thresholds of the rules (flags `--lag-tolerance`, `--drain-window`).
public struct RuleSettings: Sendable, Equatable {
    /// How long a pod may be a ready endpoint with an unready app (or an app may run
    /// beside an unready sidecar) before it is a finding: the normal propagation lag.
    public var lagTolerance: Double
    /// The least time between a deletion request and the app exiting for load
    /// balancers to stop sending (SPEC default 5 s).
    public var drainWindow: Double
    /// How long an init container behind istio-init may run before the pod counts as stuck.
    public var initBlockedAfter: Double
    /// A condition that returns within this many seconds of ending extends its finding.
    public var flapWindow: Double
    /// How long a Service may have no ready endpoints before it is a finding.
    public var noEndpointsAfter: Double

    public init(lagTolerance: Double = 1, drainWindow: Double = 5, initBlockedAfter: Double = 30,
                flapWindow: Double = 10, noEndpointsAfter: Double = 1) {
        self.lagTolerance = lagTolerance
        self.drainWindow = drainWindow
        self.initBlockedAfter = initBlockedAfter
        self.flapWindow = flapWindow
        self.noEndpointsAfter = noEndpointsAfter
    }
}
