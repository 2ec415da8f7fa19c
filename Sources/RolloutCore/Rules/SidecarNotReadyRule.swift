import KubeModel

/// `sidecar-not-ready` (warning): an app container runs while a sidecar of the
/// same pod is not ready, at start-up (its outbound calls are refused) or shut-down.
struct SidecarNotReadyRule: PodRule {
    /// Containers and deletion (object), and evidence of container and deletion
    /// transitions and Unhealthy events.
    let reads: PodInputs = [.object, .unhealthyEvents, .timelineCut, .removal]
    let observesWhen: PodInputs = [.object, .removal]
    let emits: [RuleID] = [.sidecarNotReady]
    static let remedy = """
        Start the app only once the proxy is ready, on the pod template:
          metadata:
            annotations:
              proxy.istio.io/config: '{ "holdApplicationUntilProxyStarts": true }'
        or use native sidecars (Kubernetes ≥ 1.29, istio ENABLE_NATIVE_SIDECARS=true), or have the app wait for \
        http://localhost:15020/healthz/ready to answer 200 before its first outbound call.
        """

    func observe(_ pod: PodRecord, in store: Store, settings: RuleSettings) -> [Observation] {
        // A native sidecar has passed its startup probe once it is `started`; the kubelet
        // starts the app only after that, so its readiness lag is no race.
        func isUnready(_ container: ContainerFacts) -> Bool {
            container.role == .sidecar && !(container.ready || (container.isInitContainer && container.started))
        }
        // Asked on every update of every pod, and nearly always no: answered before any array is made.
        guard pod.hasContainer(where: isUnready), pod.hasContainer(where: { $0.role == .app && $0.isRunning }) else { return [] }
        let running = pod.containerNames { $0.role == .app && $0.isRunning }
        let unready = pod.containerNames(where: isUnready)
        guard !running.isEmpty, !unready.isEmpty else { return [] }
        let phase = pod.deletionRequestedAt == nil ? "starting" : "shutting down"
        let names = unready.joined(separator: ", ")
        return [Observation(
            rule: .sidecarNotReady, severity: .warning, pod: pod,
            containers: unready + running,
            summary: String(concatenating: [running.joined(separator: ", "), " running while ", names, " is not ready (", phase, ")"]),
            evidence: pod.evidence { change in
                switch change {
                case .containerReady(let name, _), .containerState(let name, _, _):
                    return unready.contains(name) || running.contains(name)
                case .event(let reason, _, _, _):
                    return reason == "Unhealthy"
                case .deletionRequested: return true
                default: return false
                }
            },
            remedy: SidecarNotReadyRule.remedy, threshold: settings.lagTolerance)]
    }
}
