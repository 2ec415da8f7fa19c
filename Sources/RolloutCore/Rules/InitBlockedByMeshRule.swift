import KubeModel

/// `init-blocked-by-mesh` (critical): a classic init container placed after
/// istio-init (e.g. vault-agent-init) has run ≥ 30 s or restarted, in a pod whose
/// mesh proxy is a classic container: istio-init's iptables rules send its traffic
/// to a proxy that cannot start until every init container has finished.
struct InitBlockedByMeshRule: PodRule {
    /// Conditions and containers (object), and evidence of container transitions and BackOff events.
    let reads: PodInputs = [.object, .backOffEvents, .timelineCut, .removal]
    let observesWhen: PodInputs = [.object, .removal]
    let emits: [RuleID] = [.initBlockedByMesh]
    static let meshInitNames: Set<String> = ["istio-init", "istio-validation"]

    static let remedy = """
        Let the init container's traffic bypass the proxy, on the pod template:
          metadata:
            annotations:
              traffic.sidecar.istio.io/excludeOutboundIPRanges: "10.0.0.10/32"   # the Vault (or other) address
              # or traffic.sidecar.istio.io/excludeOutboundPorts: "8200"
        or run the Vault agent's init first with vault.hashicorp.com/agent-init-first: "true", or move the mesh \
        to native sidecars so the proxy runs during init.
        """

    func observe(_ pod: PodRecord, in store: Store, settings: RuleSettings) -> [Observation] {
        guard pod.pod.status.condition("Initialized")?.isTrue != true,
              pod.hasContainer(where: { $0.role == .sidecar && !$0.isInitContainer }),
              case let initContainers = pod.containers.filter(\.isInitContainer),
              let meshInit = initContainers.firstIndex(where: { InitBlockedByMeshRule.meshInitNames.contains($0.name) })
        else { return [] }
        let behind = Set(initContainers[(meshInit + 1)...].map(\.name))
        return pod.containers.filter { $0.isInitContainer && $0.role == .initializer && behind.contains($0.name) }.compactMap { container in
            let finished = container.state.isTerminated && container.state.reason == "Completed"
            guard !finished, container.state.isRunning || container.restarts > 0 else { return nil }
            let name = container.name
            return Observation(
                rule: .initBlockedByMesh, severity: .critical, pod: pod,
                containers: [container.name],
                summary: container.restarts > 0
                    ? "\(name) restarted \(container.restarts)× behind istio-init: the pod is stuck in Init"
                    : "\(name) has run ≥ \(Int(settings.initBlockedAfter)) s behind istio-init: the pod is stuck in Init",
                evidence: pod.evidence { change in
                    switch change {
                    case .containerState(let name, _, _), .containerRestarted(let name, _): return name == container.name || InitBlockedByMeshRule.meshInitNames.contains(name)
                    case .event(let reason, _, _, _): return reason == "BackOff"
                    default: return false
                    }
                },
                remedy: InitBlockedByMeshRule.remedy, threshold: container.restarts > 0 ? 0 : settings.initBlockedAfter)
        }
    }
}
