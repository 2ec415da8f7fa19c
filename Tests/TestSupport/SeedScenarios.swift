import JSONLite

/// The seeds' timelines as stand-in scenarios, compressed to seconds so an
/// end-to-end run stays short; `expected` lists `rule severity pod start end`
/// (end nil: still open) in seconds after the stand-in's clock starts.
public struct SeedScenario: Sendable {
    public var name: String
    public var scenario: Scenario
    public var seconds: Int
    public var expected: [(rule: String, severity: String, pod: String, start: Double, end: Double?)]
}

public enum SeedScenarios {
    static let labels = ["app": "checkout"]
    static let gate = "cloud.google.com/load-balancer-neg-ready"
    static let probe: JSON = ["httpGet": ["port": 8080]]

    static func istioPod(_ name: String, appState: String, appReady: Bool, proxyReady: Bool,
                         initContainers: [JSON] = [], initStatuses: [JSON] = [], initialized: Bool = true) -> JSON {
        Objects.pod(name, replicaSet: "checkout-bbb", labels: labels, phase: initialized ? "Running" : "Pending",
                    ready: appReady && proxyReady,
                    containers: [["name": "grpc-server", "readinessProbe": probe], ["name": "istio-proxy", "readinessProbe": ["httpGet": ["port": 15021]]]],
                    statuses: [Objects.containerStatus("grpc-server", state: appState, ready: appReady),
                               Objects.containerStatus("istio-proxy", ready: proxyReady)],
                    initContainers: [["name": "istio-init"]] + initContainers,
                    initStatuses: [Objects.containerStatus("istio-init", state: "terminated", ready: false)] + initStatuses,
                    annotations: ["sidecar.istio.io/status": #"{"initContainers":["istio-init"],"containers":["istio-proxy"]}"#],
                    extraConditions: [Objects.condition("Initialized", initialized)])
    }

    static func unhealthy(_ pod: String, container: String, message: String, count: Int) -> JSON {
        Objects.event("\(pod).\(container)", pod: pod, reason: "Unhealthy", message: message, type: "Warning", count: count)
            .setting(["involvedObject", "fieldPath"], to: .string("spec.containers{\(container)}"))
    }

    /// Every scenario here, seeds and the healthy rollout.
    public static var all: [SeedScenario] {
        [sidecarNotReady, vaultInitBlocked, trafficBeforeReady, rolloutRestartOnGKE, healthyRollout]
    }

    /// Seeds 000/003: the app runs while istio-proxy fails readiness.
    public static var sidecarNotReady: SeedScenario {
        var scenario = Scenario()
        let pod = "feature-67d56cdd-g7fvb"
        scenario.initial = [istioPod(pod, appState: "waiting", appReady: false, proxyReady: false)]
        scenario.apply(istioPod(pod, appState: "running", appReady: true, proxyReady: false), at: 1)
        for (index, at) in [1.5, 2.0, 2.5].enumerated() {
            scenario.apply(unhealthy(pod, container: "istio-proxy", message: "Readiness probe failed: HTTP probe failed with statuscode: 503", count: index + 1), at: at)
        }
        scenario.apply(istioPod(pod, appState: "running", appReady: true, proxyReady: true), at: 4)
        return SeedScenario(name: "seed 000/003 sidecar", scenario: scenario, seconds: 6, expected: [
            ("probe-failures", "info", pod, 1.5, 2.5), ("sidecar-not-ready", "warning", pod, 1, 4),
        ])
    }

    /// Seeds 000/003, Vault: vault-agent-init behind istio-init keeps restarting.
    public static var vaultInitBlocked: SeedScenario {
        var scenario = Scenario()
        let pod = "payments-6c9f-abcde"
        scenario.initial = [istioPod(pod, appState: "waiting", appReady: false, proxyReady: false,
                                     initContainers: [["name": "vault-agent-init"]],
                                     initStatuses: [Objects.containerStatus("vault-agent-init", state: "waiting", ready: false, restarts: 2, reason: "CrashLoopBackOff")],
                                     initialized: false)]
        return SeedScenario(name: "vault init", scenario: scenario, seconds: 2, expected: [
            ("init-blocked-by-mesh", "critical", pod, 0, nil),
        ])
    }

    /// Seed 001: the endpoint is ready before the gRPC server, which fails its startup probe.
    public static var trafficBeforeReady: SeedScenario {
        var scenario = Scenario()
        let pod = "microservice-b-5d8f-qwert"
        scenario.initial = [istioPod(pod, appState: "waiting", appReady: false, proxyReady: true), Objects.service("checkout", selector: labels)]
        scenario.apply(Objects.endpointSlice("checkout-x1", service: "checkout", endpoints: [(pod, true, true, false)]), at: 1)
        scenario.apply(istioPod(pod, appState: "running", appReady: false, proxyReady: true), at: 2)
        for (index, at) in [2.5, 3.0, 3.5, 4.0].enumerated() {
            scenario.apply(unhealthy(pod, container: "grpc-server", message: "Startup probe failed: timeout: failed to connect service \":9000\"", count: index + 1), at: at)
        }
        scenario.apply(istioPod(pod, appState: "running", appReady: true, proxyReady: true), at: 5)
        return SeedScenario(name: "seed 001", scenario: scenario, seconds: 7, expected: [
            ("probe-failures", "info", pod, 2.5, 4), ("traffic-before-ready", "critical", pod, 1, 5),
        ])
    }

    static func webPod(_ name: String, _ replicaSet: String, ready: Bool, appState: String = "running", gateReason: String?,
                       preStopSleep: Int? = nil) -> JSON {
        var container: JSON = ["name": "web", "readinessProbe": probe]
        if let preStopSleep { container = container.setting(["lifecycle", "preStop", "sleep", "seconds"], to: .int(preStopSleep)) }
        return Objects.pod(name, replicaSet: replicaSet, labels: labels, ready: ready, containers: [container],
                           statuses: [Objects.containerStatus("web", state: appState, ready: ready)], gates: [.string(gate)],
                           extraConditions: gateReason.map { [Objects.condition(gate, $0 != "LoadBalancerNegNotReady", reason: $0)] } ?? [])
    }

    static func deleting(_ pod: JSON) -> JSON {
        pod.setting(["metadata", "deletionTimestamp"], to: "2026-01-01T00:00:30Z").setting(["metadata", "deletionGracePeriodSeconds"], to: 30)
    }

    static func slice(_ endpoints: [(pod: String, ready: Bool, serving: Bool, terminating: Bool)]) -> JSON {
        Objects.endpointSlice("checkout-x1", service: "checkout", endpoints: endpoints)
    }

    /// Seed 002: rollout restart on GKE, NEG gate without health check, no preStop.
    public static var rolloutRestartOnGKE: SeedScenario {
        var scenario = Scenario()
        scenario.initial = [Objects.deployment("checkout", labels: labels), Objects.service("checkout", selector: labels),
                            Objects.replicaSet("checkout-aaa", deployment: "checkout", revision: 1, labels: labels),
                            webPod("checkout-aaa-1", "checkout-aaa", ready: true, gateReason: "LoadBalancerNegReady"),
                            slice([("checkout-aaa-1", true, true, false)])]
        scenario.apply(Objects.replicaSet("checkout-bbb", deployment: "checkout", revision: 2, labels: labels), at: 0.5)
        scenario.apply(webPod("checkout-bbb-1", "checkout-bbb", ready: false, appState: "waiting", gateReason: "LoadBalancerNegNotReady"), at: 0.5)
        scenario.apply(webPod("checkout-bbb-1", "checkout-bbb", ready: true, gateReason: "LoadBalancerNegWithoutHealthCheck"), at: 1.5)
        scenario.apply(Objects.event("checkout-bbb-1.neg", pod: "checkout-bbb-1", reason: "LoadBalancerNegWithoutHealthCheck",
                                     message: #"Pod is in NEG "Key{\"k8s1-shop-checkout-80\", zone: \"asia-northeast1-a\"}". NEG is not attached to any Backend Service with health checking. Marking condition "cloud.google.com/load-balancer-neg-ready" to True."#,
                                     source: "neg-readiness-reflector"), at: 1.5)
        scenario.apply(slice([("checkout-aaa-1", true, true, false), ("checkout-bbb-1", true, true, false)]), at: 2)
        scenario.apply(deleting(webPod("checkout-aaa-1", "checkout-aaa", ready: true, gateReason: "LoadBalancerNegReady")), at: 3)
        scenario.apply(deleting(webPod("checkout-aaa-1", "checkout-aaa", ready: false, appState: "terminated", gateReason: "LoadBalancerNegReady")), at: 3.4)
        // The endpoint controller is slow here (2.6 s), so the exit lands while the pod is
        // still a ready endpoint whatever the skew between the pods and slices streams.
        scenario.apply(slice([("checkout-aaa-1", false, false, true), ("checkout-bbb-1", true, true, false)]), at: 6)
        scenario.delete("pods", "checkout-aaa-1", at: 6.5)
        return SeedScenario(name: "seed 002", scenario: scenario, seconds: 8, expected: [
            ("neg-gate-without-health-check", "warning", "checkout-bbb-1", 1.5, nil), ("no-drain-delay", "critical", "checkout-aaa-1", 3, 3.4),
        ])
    }

    /// The same rollout done right: the gate waits for the health check, the new pod's
    /// istio-proxy is a native sidecar, and the old pod sleeps in preStop past the drain window.
    public static var healthyRollout: SeedScenario {
        var scenario = Scenario()
        func newPod(proxyStarted: Bool, proxyReady: Bool, appState: String, appReady: Bool, gateReason: String) -> JSON {
            let proxy = Objects.containerStatus("istio-proxy", state: proxyStarted ? "running" : "waiting", ready: proxyReady)
                .setting(["started"], to: .bool(proxyStarted))
            return Objects.pod("checkout-bbb-1", replicaSet: "checkout-bbb", labels: labels,
                               ready: appReady && proxyReady && gateReason == "LoadBalancerNegReady",
                               containers: [["name": "web", "readinessProbe": probe]],
                               statuses: [Objects.containerStatus("web", state: appState, ready: appReady)],
                               initContainers: [["name": "istio-proxy", "restartPolicy": "Always", "startupProbe": ["httpGet": ["port": 15021]]]],
                               initStatuses: [proxy], gates: [.string(gate)],
                               extraConditions: [Objects.condition(gate, gateReason == "LoadBalancerNegReady", reason: gateReason)])
        }
        let old = { (ready: Bool, state: String) in webPod("checkout-aaa-1", "checkout-aaa", ready: ready, appState: state, gateReason: "LoadBalancerNegReady", preStopSleep: 6) }
        scenario.initial = [Objects.deployment("checkout", labels: labels), Objects.service("checkout", selector: labels),
                            Objects.replicaSet("checkout-aaa", deployment: "checkout", revision: 1, labels: labels),
                            old(true, "running"), slice([("checkout-aaa-1", true, true, false)])]
        scenario.apply(Objects.replicaSet("checkout-bbb", deployment: "checkout", revision: 2, labels: labels), at: 0.5)
        scenario.apply(newPod(proxyStarted: false, proxyReady: false, appState: "waiting", appReady: false, gateReason: "LoadBalancerNegNotReady"), at: 0.5)
        scenario.apply(newPod(proxyStarted: true, proxyReady: false, appState: "running", appReady: false, gateReason: "LoadBalancerNegNotReady"), at: 1)
        scenario.apply(newPod(proxyStarted: true, proxyReady: true, appState: "running", appReady: true, gateReason: "LoadBalancerNegNotReady"), at: 2)
        scenario.apply(newPod(proxyStarted: true, proxyReady: true, appState: "running", appReady: true, gateReason: "LoadBalancerNegReady"), at: 3)
        scenario.apply(slice([("checkout-aaa-1", true, true, false), ("checkout-bbb-1", true, true, false)]), at: 3.5)
        scenario.apply(deleting(old(true, "running")), at: 4)
        scenario.apply(slice([("checkout-aaa-1", false, true, true), ("checkout-bbb-1", true, true, false)]), at: 4.3)
        scenario.apply(deleting(old(false, "running")), at: 4.5)
        scenario.apply(deleting(old(false, "terminated")), at: 10)
        scenario.apply(slice([("checkout-bbb-1", true, true, false)]), at: 10.2)
        scenario.delete("pods", "checkout-aaa-1", at: 10.5)
        return SeedScenario(name: "healthy rollout", scenario: scenario, seconds: 12, expected: [])
    }
}

extension SeedScenario: CustomStringConvertible {
    /// Test logs name the seed rather than dump its whole scenario.
    public var description: String { name }
}
