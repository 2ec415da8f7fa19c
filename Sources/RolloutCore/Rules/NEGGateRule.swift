import KubeModel

/// `neg-gate-without-health-check` and `neg-gate-timeout` (warning): GKE's
/// neg-readiness-reflector set the pod's NEG readiness gate True without the load
/// balancer ever health-checking it, so the rollout moves on while the load
/// balancer may still answer `no healthy upstream` (seed 002).
public struct NEGGateRule: PodRule {
    /// The gate condition and owner (object), its Events (by reason, as list and
    /// transitions), condition transitions, and the owners' minReadySeconds (workloads).
    public let reads: PodInputs = [.object, .negGateEvents, .timelineCut, .removal, .workloads]
    /// The condition or an Event of its reasons; workloads only change what it observes.
    public let observesWhen: PodInputs = [.object, .negGateEvents, .removal]
    public let emits: [RuleID] = [.negGateWithoutHealthCheck, .negGateTimeout]
    public static let gate = "cloud.google.com/load-balancer-neg-ready"
    public static let withoutHealthCheck = "LoadBalancerNegWithoutHealthCheck"
    public static let timeout = "LoadBalancerNegTimeout"
    /// With minReadySeconds this high the rollout already waits for the load balancer.
    static let enoughMinReadySeconds = 30

    static let withoutHealthCheckRemedy = """
        Make the rollout wait for the load balancer, on the Deployment:
          spec:
            minReadySeconds: 60
        and give the backend a health check (Gateway API HealthCheckPolicy, or a BackendConfig healthCheck for Ingress).
        """

    static let timeoutRemedy = """
        The load balancer never reported the endpoint healthy before the gate timed out: check the backend service's \
        health check (port, path, firewall rules for 35.191.0.0/16 and 130.211.0.0/22) and the app's health endpoint.
        """

    public func observe(_ pod: PodRecord, in store: Store, settings: RuleSettings) -> [Observation] {
        let events = store.events(of: pod)
        let condition = pod.pod.status.condition(NEGGateRule.gate)
        var observations: [Observation] = []
        for (rule, reason) in [(RuleID.negGateWithoutHealthCheck, NEGGateRule.withoutHealthCheck), (.negGateTimeout, NEGGateRule.timeout)] {
            let byCondition = condition?.isTrue == true && condition?.reason == reason
            let byEvent = events.contains { $0.event.reason == reason }
            guard byCondition || byEvent else { continue }
            let minReady = minReadySeconds(of: pod, in: store)
            let severity: Severity = rule == .negGateWithoutHealthCheck && minReady >= NEGGateRule.enoughMinReadySeconds ? .info : .warning
            let summary = rule == .negGateWithoutHealthCheck
                ? "NEG readiness gate set True without a load-balancer health check" + (minReady > 0 ? " (minReadySeconds \(minReady))" : "")
                : "NEG readiness gate forced True after the gate timed out"
            observations.append(Observation(
                rule: rule, severity: severity, pod: pod,
                summary: summary,
                evidence: pod.evidence { change in
                    switch change {
                    case .condition(let type, _, _): return type == NEGGateRule.gate || type == "Ready"
                    case .event(let eventReason, _, _, _): return eventReason == reason
                    default: return false
                    }
                },
                remedy: rule == .negGateWithoutHealthCheck ? NEGGateRule.withoutHealthCheckRemedy : NEGGateRule.timeoutRemedy))
        }
        return observations
    }

    /// The pod's ReplicaSet's minReadySeconds, or its Deployment's.
    private func minReadySeconds(of pod: PodRecord, in store: Store) -> Int {
        guard let owner = Store.owner(of: pod), owner.kind == .replicaSet else { return 0 }
        let replicaSet = store.workloads[owner]
        let deployment = replicaSet?.metadata.controller.flatMap { store.workloads[WorkloadKey(kind: .deployment, namespace: owner.namespace, name: $0.name)] }
            ?? store.workloads.values.first { $0.kind == .deployment && $0.metadata.namespace == owner.namespace && owner.name.hasPrefix($0.metadata.name + "-") }
        return max(replicaSet?.minReadySeconds ?? 0, deployment?.minReadySeconds ?? 0)
    }
}
