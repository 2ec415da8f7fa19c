import KubeModel

/// `grace-period-capped` (info): on GKE Spot, preemption caps the termination
/// grace period at 25 s, so a longer grace period or preStop sleep is cut short.
struct GracePeriodCappedRule: PodRule {
    /// The spec (object) and first sight, which never changes; no transitions.
    let reads: PodInputs = [.object, .removal]
    let observesWhen: PodInputs = [.object, .removal]
    let emits: [RuleID] = [.gracePeriodCapped]
    static let spotKey = "cloud.google.com/gke-spot"
    static let cap = 25

    static let remedy = """
        Spot preemption gives pods at most 25 s: keep preStop delay plus shutdown under 25 s \
        (e.g. preStop sleep 10 s, terminationGracePeriodSeconds: 25), or run the workload on on-demand nodes.
        """

    func observe(_ pod: PodRecord, in store: Store, settings: RuleSettings) -> [Observation] {
        let spec = pod.pod.spec
        guard spec.nodeSelector[GracePeriodCappedRule.spotKey] == "true" || spec.tolerationKeys.contains(GracePeriodCappedRule.spotKey)
        else { return [] }
        // The API server defaults the grace period to 30 s.
        let grace = spec.terminationGracePeriodSeconds ?? 30
        let longSleep = pod.containers.compactMap { container in
            container.spec.preStop?.knownDelaySeconds.flatMap { $0 >= GracePeriodCappedRule.cap ? (container.name, $0) : nil }
        }.first
        guard grace > GracePeriodCappedRule.cap || longSleep != nil else { return [] }
        let summary = longSleep.map { "preStop sleep of \($0.1) s on \($0.0) on GKE Spot, where pods get at most 25 s" }
            ?? "terminationGracePeriodSeconds \(grace) on GKE Spot, where preemption allows 25 s"
        return [Observation(rule: .gracePeriodCapped, severity: .info, pod: pod,
                            containers: longSleep.map { [$0.0] } ?? [], summary: summary,
                            evidence: [Evidence(at: pod.firstSeen, what: "\(pod.podName.name): scheduled for GKE Spot (\(GracePeriodCappedRule.spotKey))")],
                            remedy: GracePeriodCappedRule.remedy)]
    }
}
