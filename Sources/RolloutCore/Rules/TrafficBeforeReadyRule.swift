import KubeModel

/// `traffic-before-ready` (critical): the pod is a ready endpoint of a Service
/// while one of its app containers is not ready, for longer than the lag tolerance.
struct TrafficBeforeReadyRule: PodRule {
    /// Containers and deletion (object), ready Services (endpoints), and evidence of
    /// endpoint and container transitions and Unhealthy events.
    let reads: PodInputs = [.object, .endpoints, .unhealthyEvents, .timelineCut, .removal]
    let observesWhen: PodInputs = [.object, .endpoints, .removal]
    let emits: [RuleID] = [.trafficBeforeReady]
    static let remedy = """
        The endpoint ran ahead of the app: check whether the Service sets publishNotReadyAddresses, and that the \
        app's readinessProbe (not only a startupProbe or the sidecar's) gates readiness. Until then, make callers \
        retry refused connections and eject failing hosts (seed 001, Istio):
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        spec:
          trafficPolicy:
            outlierDetection:
              consecutive5xxErrors: 1
              interval: 1s
              baseEjectionTime: 10s
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        spec:
          http:
          - retries:
              attempts: 3
              perTryTimeout: 2s
              retryOn: connect-failure,gateway-error,reset,refused-stream,unavailable
        """

    func observe(_ pod: PodRecord, in store: Store, settings: RuleSettings) -> [Observation] {
        // A pod being deleted is no-drain-delay's business.
        // Asked on every update of every pod, and nearly always no: answered before any array is made.
        guard pod.deletionRequestedAt == nil, pod.hasContainer(where: { $0.role == .app && !$0.ready }) else { return [] }
        let unready = pod.containerNames { $0.role == .app && !$0.ready }
        guard !unready.isEmpty else { return [] }
        return pod.readyServices(in: store).map { service in
            Observation(
                rule: .trafficBeforeReady, severity: .critical, pod: pod,
                containers: unready, service: service,
                summary: "\(pod.podName.name) is a ready endpoint of \(service) while \(unready.joined(separator: ", ")) \(unready.count == 1 ? "is" : "are") not ready",
                evidence: pod.evidence { change in
                    switch change {
                    case .endpoint(let name, _): return name == service
                    case .containerReady(let name, _), .containerState(let name, _, _): return unready.contains(name)
                    case .event(let reason, _, _, _): return reason == "Unhealthy"
                    default: return false
                    }
                },
                remedy: TrafficBeforeReadyRule.remedy, threshold: settings.lagTolerance)
        }
    }
}
