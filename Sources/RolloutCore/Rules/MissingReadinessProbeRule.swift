import KubeModel

/// `missing-readiness-probe` (warning): an app container of a pod that backs a
/// Service has no readinessProbe, so "ready" only means "process started".
struct MissingReadinessProbeRule: PodRule {
    /// Probes (object), Services backed (endpoints), and evidence of endpoint transitions.
    let reads: PodInputs = [.object, .endpoints, .timelineCut, .removal]
    let observesWhen: PodInputs = [.object, .endpoints, .removal]
    let emits: [RuleID] = [.missingReadinessProbe]
    static let remedy = """
        Add a readinessProbe that answers only when the app can serve, e.g.:
          readinessProbe:
            httpGet: {path: /ready, port: 8080}    # or grpc: {port: 9000}
            periodSeconds: 2
            failureThreshold: 2
        """

    func observe(_ pod: PodRecord, in store: Store, settings: RuleSettings) -> [Observation] {
        guard let membership = store.endpoints[pod.podName], let service = membership.keys.sorted().first else { return [] }
        return pod.containerNames(where: { $0.role == .app && !$0.hasReadinessProbe }).map { name in
            Observation(
                rule: .missingReadinessProbe, severity: .warning, pod: pod,
                containers: [name], service: service,
                summary: String(concatenating: [name, " backs ", service, " without a readinessProbe"]),
                evidence: pod.evidence { if case .endpoint(let name, _) = $0 { return name == service } else { return false } },
                remedy: MissingReadinessProbeRule.remedy)
        }
    }
}
