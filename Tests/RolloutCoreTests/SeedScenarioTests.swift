import JSONLite
import KubeModel
import Testing
import TestSupport
@testable import RolloutCore

/// Each seed's timeline, rebuilt as the watch events rollwatch would receive, with
/// the exact findings it must name (windows to 0.1 s, SPEC asks for 1 s).
struct SeedScenarioTests {
    /// Seeds 000/003 (Google's troubleshooting page): the app starts at 10:41:15 and
    /// connects out while istio-proxy fails readiness until after 10:41:58.
    @Test func seed000AppRunsWhileIstioProxyFailsReadiness() {
        var timeline = Timeline()
        let pod = "post-feature-service-v1-67d56cdd-g7fvb"
        timeline.add(0, .pods, Pods.classicIstio(pod, appState: "waiting", appReady: false, proxyReady: false))
        timeline.modify(15, .pods, Pods.classicIstio(pod, appState: "running", appReady: true, proxyReady: false))
        var count = 0
        for second in [17.0, 26, 28, 31, 58] {
            count += 1
            timeline.modify(second, .events, Pods.unhealthy("\(pod).proxy", pod: pod, container: "istio-proxy",
                                                             message: "Readiness probe failed: HTTP probe failed with statuscode: 503", count: count))
        }
        timeline.modify(60, .pods, Pods.classicIstio(pod, appState: "running", appReady: true, proxyReady: true))
        #expect(timeline.summary == [
            "probe-failures info \(pod) [17.0, 58.0]",
            "sidecar-not-ready warning \(pod) [15.0, 60.0]",
        ])
        let finding = timeline.engine.findings.first { $0.rule == .sidecarNotReady }!
        #expect(finding.containers == ["istio-proxy", "grpc-server"])
        #expect(finding.remedy.contains(#"proxy.istio.io/config: '{ "holdApplicationUntilProxyStarts": true }'"#))
        #expect(finding.evidence.contains { $0.what.contains("grpc-server running") })
        #expect(finding.evidence.contains { $0.what.contains("Readiness probe failed") })
    }

    /// Seeds 000/003, the Vault case: vault-agent-init sits behind istio-init, its
    /// traffic goes to a proxy that cannot start, and the pod stays in Init.
    @Test func vaultAgentInitBehindIstioInit() {
        var timeline = Timeline()
        let pod = "payments-6c9f-abcde"
        let vaultRunning = Pods.classicIstio(pod, appState: "waiting", appReady: false, proxyReady: false,
                                             initContainers: [["name": "vault-agent-init"]],
                                             initStatuses: [Objects.containerStatus("vault-agent-init", state: "running", ready: false)],
                                             initialized: false)
        timeline.add(0, .pods, vaultRunning)
        timeline.tick(29)
        #expect(timeline.summary.isEmpty, "29 s in Init is not yet stuck")
        timeline.tick(31)
        #expect(timeline.summary == ["init-blocked-by-mesh critical \(pod) [0.0, open]"])
        let crashing = Pods.classicIstio(pod, appState: "waiting", appReady: false, proxyReady: false,
                                         initContainers: [["name": "vault-agent-init"]],
                                         initStatuses: [Objects.containerStatus("vault-agent-init", state: "waiting", ready: false, restarts: 1, reason: "CrashLoopBackOff")],
                                         initialized: false)
        timeline.modify(45, .pods, crashing)
        timeline.delete(90, .pods, crashing)
        #expect(timeline.summary == ["init-blocked-by-mesh critical \(pod) [0.0, 90.0]"])
        let finding = timeline.engine.findings[0]
        #expect(finding.containers == ["vault-agent-init"])
        #expect(finding.summary.contains("restarted 1×"))
        #expect(finding.remedy.contains("traffic.sidecar.istio.io/excludeOutboundIPRanges"))
        #expect(finding.remedy.contains(#"vault.hashicorp.com/agent-init-first: "true""#))
    }

    /// A restart of an init container behind istio-init is stuck at once, no 30 s wait.
    @Test func restartedInitContainerIsBlockedImmediately() {
        var timeline = Timeline()
        timeline.add(0, .pods, Pods.classicIstio("p", appState: "waiting", appReady: false, proxyReady: false,
                                                 initContainers: [["name": "vault-agent-init"]],
                                                 initStatuses: [Objects.containerStatus("vault-agent-init", state: "waiting", ready: false, restarts: 2, reason: "CrashLoopBackOff")],
                                                 initialized: false))
        #expect(timeline.summary == ["init-blocked-by-mesh critical p [0.0, open]"])
    }

    /// Seed 001: istio-proxy ready at :10, traffic from :11, the gRPC app starts at
    /// :12 and fails its startup probe until it is ready at :19.
    @Test func seed001TrafficReachesThePodBeforeTheGRPCServerIsReady() {
        var timeline = Timeline()
        let pod = "microservice-b-5d8f-qwert"
        timeline.add(0, .pods, Pods.classicIstio(pod, appState: "waiting", appReady: false, proxyReady: false))
        timeline.modify(10, .pods, Pods.classicIstio(pod, appState: "waiting", appReady: false, proxyReady: true))
        timeline.add(11, .endpointslices, Pods.slice([(pod, true, true, false)]))
        timeline.modify(12, .pods, Pods.classicIstio(pod, appState: "running", appReady: false, proxyReady: true))
        for (index, second) in [13.0, 14, 15, 16, 17, 18].enumerated() {
            timeline.modify(second, .events, Pods.unhealthy("\(pod).startup", pod: pod, container: "grpc-server",
                                                             message: "Startup probe failed: timeout: failed to connect service \":9000\"", count: index + 1))
        }
        timeline.modify(19, .pods, Pods.classicIstio(pod, appState: "running", appReady: true, proxyReady: true))
        #expect(timeline.summary == [
            "probe-failures info \(pod) [13.0, 18.0]",
            "traffic-before-ready critical \(pod) [11.0, 19.0]",
        ])
        let finding = timeline.engine.findings.first { $0.rule == .trafficBeforeReady }!
        #expect(finding.service == "checkout")
        #expect(finding.containers == ["grpc-server"])
        #expect(finding.evidence.contains { $0.at == Timeline.base.adding(seconds: 11) && $0.what == "\(pod): endpoint of checkout: ready" })
        #expect(finding.evidence.contains { $0.what == "\(pod): grpc-server running" })
        #expect(finding.remedy.contains("retryOn: connect-failure,gateway-error,reset,refused-stream,unavailable"))
        #expect(finding.remedy.contains("outlierDetection"))
        let failures = timeline.engine.findings.first { $0.rule == .probeFailures }!
        #expect(failures.summary.contains("Startup probe failed 6× on grpc-server"))
    }

    /// Seed 002: `kubectl rollout restart` on GKE with a Gateway and no health
    /// check: the new pod's NEG gate goes True without a health check, and the old
    /// pod's app exits 0.4 s after deletion while it is still a ready endpoint.
    @Test func seed002RolloutRestartWithoutHealthCheckOrDrainDelay() {
        var timeline = Timeline()
        let labels = Pods.labels
        let gate = "cloud.google.com/load-balancer-neg-ready"
        func pod(_ name: String, _ replicaSet: String, ready: Bool, appState: String = "running", gateReason: String?) -> JSON {
            Objects.pod(name, replicaSet: replicaSet, labels: labels, ready: ready,
                        containers: [["name": "web", "readinessProbe": ["httpGet": ["port": 8080]]]],
                        statuses: [Objects.containerStatus("web", state: appState, ready: ready)],
                        gates: [.string(gate)],
                        extraConditions: gateReason.map { [Objects.condition(gate, $0 != "LoadBalancerNegNotReady", reason: $0)] } ?? [])
        }
        timeline.add(0, .deployments, Objects.deployment("checkout", labels: labels))
        timeline.add(0, .replicasets, Objects.replicaSet("checkout-aaa", deployment: "checkout", revision: 1, labels: labels))
        timeline.add(0, .pods, pod("checkout-aaa-1", "checkout-aaa", ready: true, gateReason: "LoadBalancerNegReady"))
        timeline.add(0, .endpointslices, Pods.slice([("checkout-aaa-1", true, true, false)]))
        timeline.add(1, .replicasets, Objects.replicaSet("checkout-bbb", deployment: "checkout", revision: 2, labels: labels))
        timeline.add(1, .pods, pod("checkout-bbb-1", "checkout-bbb", ready: false, appState: "waiting", gateReason: nil))
        timeline.modify(4, .pods, pod("checkout-bbb-1", "checkout-bbb", ready: false, gateReason: "LoadBalancerNegNotReady"))
        timeline.modify(5, .pods, pod("checkout-bbb-1", "checkout-bbb", ready: true, gateReason: "LoadBalancerNegWithoutHealthCheck"))
        timeline.add(5, .events, Objects.event("checkout-bbb-1.neg", pod: "checkout-bbb-1", reason: "LoadBalancerNegWithoutHealthCheck",
                                               message: #"Pod is in NEG "Key{\"k8s1-shop-checkout-80\", zone: \"asia-northeast1-a\"}". NEG is not attached to any Backend Service with health checking. Marking condition "cloud.google.com/load-balancer-neg-ready" to True."#,
                                               source: "neg-readiness-reflector"))
        timeline.modify(6, .endpointslices, Pods.slice([("checkout-aaa-1", true, true, false), ("checkout-bbb-1", true, true, false)]))
        timeline.modify(7, .pods, Pods.deleting(pod("checkout-aaa-1", "checkout-aaa", ready: true, gateReason: "LoadBalancerNegReady")))
        timeline.modify(7.4, .pods, Pods.deleting(pod("checkout-aaa-1", "checkout-aaa", ready: false, appState: "terminated", gateReason: "LoadBalancerNegReady")))
        timeline.modify(8, .endpointslices, Pods.slice([("checkout-aaa-1", false, false, true), ("checkout-bbb-1", true, true, false)]))
        timeline.delete(9, .pods, Pods.deleting(pod("checkout-aaa-1", "checkout-aaa", ready: false, appState: "terminated", gateReason: "LoadBalancerNegReady")))
        #expect(timeline.summary == [
            "neg-gate-without-health-check warning checkout-bbb-1 [5.0, open]",
            "no-drain-delay critical checkout-aaa-1 [7.0, 7.4]",
        ])
        let drain = timeline.engine.findings.first { $0.rule == .noDrainDelay }!
        #expect(drain.summary == "web exited 0.4 s after deletion (drain window 5 s) while still a ready endpoint of checkout")
        #expect(drain.remedy.contains("lifecycle:\n    preStop:\n      sleep:\n        seconds: 15"))
        let neg = timeline.engine.findings.first { $0.rule == .negGateWithoutHealthCheck }!
        #expect(neg.remedy.contains("minReadySeconds: 60"))
        #expect(neg.evidence.contains { $0.what.contains("LoadBalancerNegWithoutHealthCheck") })
    }

    /// With minReadySeconds ≥ 30 the rollout already waits: the same gate is info only.
    @Test func negGateWithoutHealthCheckIsInfoWithMinReadySeconds() {
        var timeline = Timeline()
        timeline.add(0, .deployments, Objects.deployment("checkout", labels: Pods.labels, minReadySeconds: 60))
        timeline.add(0, .replicasets, Objects.replicaSet("checkout-bbb", deployment: "checkout", revision: 2, labels: Pods.labels))
        timeline.add(1, .pods, Objects.pod("checkout-bbb-1", replicaSet: "checkout-bbb", labels: Pods.labels,
                                           gates: ["cloud.google.com/load-balancer-neg-ready"],
                                           extraConditions: [Objects.condition("cloud.google.com/load-balancer-neg-ready", true, reason: "LoadBalancerNegWithoutHealthCheck")]))
        #expect(timeline.summary == ["neg-gate-without-health-check info checkout-bbb-1 [1.0, open]"])
    }

    @Test func negGateTimeout() {
        var timeline = Timeline()
        timeline.add(2, .pods, Objects.pod("p", replicaSet: "checkout-bbb", labels: Pods.labels,
                                           gates: ["cloud.google.com/load-balancer-neg-ready"],
                                           extraConditions: [Objects.condition("cloud.google.com/load-balancer-neg-ready", true, reason: "LoadBalancerNegTimeout")]))
        #expect(timeline.summary == ["neg-gate-timeout warning p [2.0, open]"])
    }
}
