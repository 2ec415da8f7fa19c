import JSONLite
import KubeModel
import TestSupport
@testable import RolloutCore

/// A seeded stream of inputs about a few pod names, of every kind the rules read:
/// pods of istio shapes (init containers behind istio-init, a NEG gate, GKE Spot,
/// without a readiness probe) changing state, deleted and recreated under the same
/// name; Events of every reason a rule names and others, new, risen or seen again
/// unchanged, some changing reason; slices of two Services; a Deployment whose
/// minReadySeconds changes. What `SelectiveRuleTests` plays through both engines.
struct RandomScenario {
    private var random: SplitMix
    private var seconds = 0.0
    private var pods: [String: PodState] = [:]
    private var eventCounts: [String: Int] = [:]
    static let names = ["web-aaa-1", "web-aaa-2", "web-aaa-3", "db-0"]
    static let reasons = ["Unhealthy", "BackOff", NEGGateRule.withoutHealthCheck, NEGGateRule.timeout, "Killing",
                          "FailedPreStopHook", "Pulled", "Started"]

    struct PodState {
        var uid: String
        var appReady = false
        var proxyReady = false
        var appState = "waiting"
        var vaultState = "running"
        var vaultRestarts = 0
        var initialized = false
        var deleting = false
        var probe = true
        var spot = false
        var gate: String?
    }

    init(seed: UInt64) {
        random = SplitMix(seed: seed)
    }

    mutating func next() -> (Double, ResourceKind, WatchEvent.Change) {
        seconds += [0, 0.1, 0.4, 1, 3][int(5)]
        let name = Self.names[int(Self.names.count)]
        switch int(10) {
        case 0, 1, 2:
            return (seconds, .pods, .modified(ResourceKind.pods.decode(pod(name, changing: true))))
        case 3:
            guard let state = pods[name] else { return next() }
            pods[name] = nil
            return (seconds, .pods, .deleted(ResourceKind.pods.decode(json(name, state))))
        case 4, 5, 6:
            return (seconds, .events, .modified(ResourceKind.events.decode(event(about: name))))
        case 7, 8:
            return (seconds, .endpointslices, .modified(ResourceKind.endpointslices.decode(slice())))
        default:
            let deployment = Objects.deployment("web", labels: Pods.labels, minReadySeconds: [0, 10, 45][int(3)])
            return (seconds, .deployments, int(4) == 0 ? .deleted(ResourceKind.deployments.decode(deployment))
                                                        : .modified(ResourceKind.deployments.decode(deployment)))
        }
    }

    private mutating func pod(_ name: String, changing: Bool) -> JSON {
        var state = pods[name] ?? PodState(uid: "uid-\(name)-\(int(1_000_000))", probe: int(2) == 0, spot: int(3) == 0)
        if changing {
            switch int(10) {
            case 0: state.appReady.toggle()
            case 1: state.proxyReady.toggle()
            case 2: state.appState = ["waiting", "running", "terminated"][int(3)]
            case 3: state.vaultState = ["running", "terminated"][int(2)]
            case 4: state.vaultRestarts += 1
            case 5: state.initialized.toggle()
            case 6: state.deleting = true
            case 7: state.gate = [nil, "LoadBalancerNegNotReady", NEGGateRule.withoutHealthCheck, NEGGateRule.timeout][int(4)]
            case 8: state = PodState(uid: "uid-\(name)-\(int(1_000_000))", probe: state.probe, spot: state.spot) // recreated, unseen gone
            default: break
            }
        }
        pods[name] = state
        return json(name, state)
    }

    private func json(_ name: String, _ state: PodState) -> JSON {
        let app: JSON = state.probe ? ["name": "app", "readinessProbe": Pods.probe] : ["name": "app"]
        var conditions = [Objects.condition("Initialized", state.initialized)]
        if let gate = state.gate {
            conditions.append(Objects.condition(NEGGateRule.gate, gate != "LoadBalancerNegNotReady", reason: gate))
        }
        var pod = Objects.pod(
            name, replicaSet: "web-aaa", labels: Pods.labels, ready: state.appReady && state.proxyReady,
            containers: [app, ["name": "istio-proxy", "readinessProbe": ["httpGet": ["port": 15021]]]],
            statuses: [Objects.containerStatus("app", state: state.appState, ready: state.appReady),
                       Objects.containerStatus("istio-proxy", ready: state.proxyReady)],
            initContainers: [["name": "istio-init"], ["name": "vault-agent-init"]],
            initStatuses: [Objects.containerStatus("istio-init", state: "terminated", ready: false),
                           Objects.containerStatus("vault-agent-init", state: state.vaultState, ready: false, restarts: state.vaultRestarts)],
            annotations: ["sidecar.istio.io/status": #"{"initContainers":["istio-init"],"containers":["istio-proxy"]}"#],
            gates: state.gate == nil ? [] : [.string(NEGGateRule.gate)], extraConditions: conditions)
            .setting(["metadata", "uid"], to: .string(state.uid))
        if state.spot { pod = pod.setting(["spec", "nodeSelector"], to: ["cloud.google.com/gke-spot": "true"]) }
        return state.deleting ? Pods.deleting(pod) : pod
    }

    /// A new Event, one seen before with its count risen, or seen again unchanged.
    private mutating func event(about pod: String) -> JSON {
        let key = "\(pod).\(int(6))"
        let count = eventCounts[key].map { $0 + int(2) } ?? 1
        eventCounts[key] = count
        let reason = Self.reasons[int(Self.reasons.count)]
        return Objects.event(key, pod: pod, reason: reason, message: "\(reason) of \(key)", type: "Warning", count: count)
            .setting(["involvedObject", "fieldPath"], to: .string("spec.containers{\(["app", "istio-proxy"][int(2)])}"))
    }

    private mutating func slice() -> JSON {
        let service = ["web", "api"][int(2)]
        let members = Self.names.filter { _ in int(3) > 0 }.map { (pod: $0, ready: int(2) == 0, serving: int(2) == 0, terminating: int(4) == 0) }
        return Pods.slice(members, service: service, name: "\(service)-x1")
    }

    private mutating func int(_ bound: Int) -> Int {
        random.below(bound)
    }
}
