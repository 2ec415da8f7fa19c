import KubeModel

/// `no-ready-endpoints` (critical): a Service that had ready endpoints has none, for ≥ 1 s.
struct NoReadyEndpointsRule: Sendable {
    static let remedy = """
        Keep capacity during rollouts: maxUnavailable: 0 with maxSurge ≥ 1 on the Deployment, a PodDisruptionBudget, \
        and enough replicas; look at the pods that left the Service just before.
        """

    func observe(service key: ServiceKey, in store: Store, settings: RuleSettings) -> [Observation] {
        guard let history = store.serviceReadyCounts[key], let latest = history.last, latest.count == 0,
              history.contains(where: { $0.count > 0 })
        else { return [] }
        let evidence = history.suffix(4).map { Evidence(at: $0.time, what: "\(key.name): \($0.count) ready endpoint\($0.count == 1 ? "" : "s")") }
        return [Observation(rule: .noReadyEndpoints, severity: .critical, service: key,
                            summary: "Service \(key.name) has no ready endpoints",
                            evidence: evidence, remedy: NoReadyEndpointsRule.remedy, threshold: settings.noEndpointsAfter)]
    }
}
