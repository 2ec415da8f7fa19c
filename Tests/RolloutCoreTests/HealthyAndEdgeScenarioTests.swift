import JSONLite
import KubeModel
import Testing
import TestSupport
@testable import RolloutCore

/// Rollouts done right must give nothing at warning or above: a false alarm
/// costs more trust than a miss.
struct HealthyScenarioTests {
    let gate = "cloud.google.com/load-balancer-neg-ready"

    @Test func negGateSetByTheHealthCheck() {
        var timeline = Timeline()
        func pod(ready: Bool, gate reason: String) -> JSON {
            Objects.pod("web-bbb-1", replicaSet: "web-bbb", labels: Pods.labels, ready: ready, gates: [.string(gate)],
                        extraConditions: [Objects.condition(gate, reason == "LoadBalancerNegReady", reason: reason)])
        }
        timeline.add(0, .pods, pod(ready: false, gate: "LoadBalancerNegNotReady"))
        timeline.modify(12, .pods, pod(ready: true, gate: "LoadBalancerNegReady"))
        timeline.add(12.5, .endpointslices, Pods.slice([("web-bbb-1", true, true, false)]))
        #expect(timeline.findings(atLeast: .info).isEmpty, "\(timeline.summary)")
    }

    @Test func holdApplicationUntilProxyStarts() {
        var timeline = Timeline()
        let pod = "checkout-bbb-1"
        timeline.add(0, .pods, Pods.classicIstio(pod, appState: "waiting", appReady: false, proxyReady: false))
        timeline.modify(2, .pods, Pods.classicIstio(pod, appState: "waiting", appReady: false, proxyReady: true))
        timeline.modify(2.5, .pods, Pods.classicIstio(pod, appState: "running", appReady: false, proxyReady: true))
        timeline.modify(4, .pods, Pods.classicIstio(pod, appState: "running", appReady: true, proxyReady: true))
        timeline.add(4.5, .endpointslices, Pods.slice([(pod, true, true, false)]))
        #expect(timeline.findings(atLeast: .info).isEmpty, "\(timeline.summary)")
    }

    @Test func preStopSleepLongerThanTheDrainWindow() {
        var timeline = Timeline()
        func pod(ready: Bool, state: String) -> JSON {
            Objects.pod("checkout-aaa-1", replicaSet: "checkout-aaa", labels: Pods.labels, ready: ready,
                        containers: [["name": "app", "readinessProbe": ["httpGet": ["port": 8080]],
                                      "lifecycle": ["preStop": ["sleep": ["seconds": 15]]]]],
                        statuses: [Objects.containerStatus("app", state: state, ready: ready)])
        }
        // A replacement is already serving, as in a rolling update.
        timeline.add(0, .pods, Objects.pod("checkout-bbb-1", replicaSet: "checkout-bbb", labels: Pods.labels))
        timeline.add(0, .pods, pod(ready: true, state: "running"))
        timeline.add(0, .endpointslices, Pods.slice([("checkout-aaa-1", true, true, false), ("checkout-bbb-1", true, true, false)]))
        timeline.modify(10, .pods, Pods.deleting(pod(ready: true, state: "running")))
        timeline.modify(10.3, .endpointslices, Pods.slice([("checkout-aaa-1", false, true, true), ("checkout-bbb-1", true, true, false)]))
        timeline.modify(10.5, .pods, Pods.deleting(pod(ready: false, state: "running")))
        timeline.modify(25.2, .pods, Pods.deleting(pod(ready: false, state: "terminated")))
        timeline.modify(25.4, .endpointslices, Pods.slice([("checkout-bbb-1", true, true, false)]))
        timeline.delete(26, .pods, Pods.deleting(pod(ready: false, state: "terminated")))
        #expect(timeline.findings(atLeast: .info).isEmpty, "\(timeline.summary)")
    }

    /// istio-proxy as a native sidecar: the kubelet starts the app once the proxy has
    /// started, and its readiness may follow a moment later: no race.
    @Test func nativeSidecar() {
        var timeline = Timeline()
        func pod(proxyStarted: Bool, proxyReady: Bool, appState: String, appReady: Bool) -> JSON {
            var proxy = Objects.containerStatus("istio-proxy", ready: proxyReady)
            proxy = proxy.setting(["started"], to: .bool(proxyStarted))
            return Objects.pod("checkout-bbb-1", replicaSet: "checkout-bbb", labels: Pods.labels, ready: appReady && proxyReady,
                               containers: [["name": "app", "readinessProbe": ["httpGet": ["port": 8080]]]],
                               statuses: [Objects.containerStatus("app", state: appState, ready: appReady)],
                               initContainers: [["name": "istio-proxy", "restartPolicy": "Always", "startupProbe": ["httpGet": ["port": 15021]]]],
                               initStatuses: [proxy])
        }
        timeline.add(0, .pods, pod(proxyStarted: false, proxyReady: false, appState: "waiting", appReady: false))
        timeline.modify(1, .pods, pod(proxyStarted: true, proxyReady: false, appState: "running", appReady: false))
        timeline.modify(3, .pods, pod(proxyStarted: true, proxyReady: true, appState: "running", appReady: true))
        timeline.add(3.5, .endpointslices, Pods.slice([("checkout-bbb-1", true, true, false)]))
        #expect(timeline.findings(atLeast: .info).isEmpty, "\(timeline.summary)")
    }

    /// The endpoint controller lags the kubelet by a moment; within the lag tolerance it is no finding.
    @Test func endpointLagWithinTolerance() {
        var timeline = Timeline()
        timeline.add(0, .pods, Objects.pod("a", replicaSet: "checkout-aaa", labels: Pods.labels))
        timeline.add(0, .pods, Objects.pod("b", replicaSet: "checkout-aaa", labels: Pods.labels))
        timeline.add(0, .endpointslices, Pods.slice([("a", true, true, false), ("b", true, true, false)]))
        timeline.modify(5, .pods, Objects.pod("a", replicaSet: "checkout-aaa", labels: Pods.labels, ready: false))
        timeline.modify(5.6, .endpointslices, Pods.slice([("a", false, false, false), ("b", true, true, false)]))
        timeline.tick(30)
        #expect(timeline.findings(atLeast: .info).isEmpty, "\(timeline.summary)")
    }
}

struct EdgeScenarioTests {
    static func pod(_ name: String, ready: Bool, restarts: Int = 0) -> JSON {
        Objects.pod(name, replicaSet: "checkout-aaa", labels: Pods.labels, ready: ready,
                    statuses: [Objects.containerStatus("app", ready: ready, restarts: restarts)])
    }

    /// Readiness flapping while the endpoint stays ready: one finding from the first flap to the last recovery.
    @Test func flappingMergesIntoOneFinding() {
        var timeline = Timeline()
        timeline.add(0, .pods, Self.pod("a", ready: true))
        timeline.add(0, .endpointslices, Pods.slice([("a", true, true, false)]))
        for start in [10.0, 14, 18] {
            timeline.modify(start, .pods, Self.pod("a", ready: false))
            timeline.modify(start + 2, .pods, Self.pod("a", ready: true))
        }
        #expect(timeline.summary == ["traffic-before-ready critical a [10.0, 20.0]"])
        timeline.modify(40, .pods, Self.pod("a", ready: false))
        timeline.modify(42, .pods, Self.pod("a", ready: true))
        #expect(timeline.summary == ["traffic-before-ready critical a [10.0, 20.0]", "traffic-before-ready critical a [40.0, 42.0]"],
                "a flap 20 s later is a new finding")
    }

    @Test func aPodDeletedMidFindingClosesItAtTheDeletion() {
        var timeline = Timeline()
        timeline.add(0, .pods, Self.pod("a", ready: false))
        timeline.add(1, .endpointslices, Pods.slice([("a", true, true, false)]))
        timeline.delete(6, .pods, Self.pod("a", ready: false))
        #expect(timeline.summary == ["traffic-before-ready critical a [1.0, 6.0]"])
    }

    @Test func containerRestartWhileStillAReadyEndpoint() {
        var timeline = Timeline()
        timeline.add(0, .pods, Self.pod("a", ready: true))
        timeline.add(0, .endpointslices, Pods.slice([("a", true, true, false)]))
        timeline.modify(10, .pods, Self.pod("a", ready: false, restarts: 1))
        timeline.tick(12)
        timeline.modify(13, .endpointslices, Pods.slice([("a", false, false, false)]))
        #expect(timeline.summary == ["traffic-before-ready critical a [10.0, 13.0]"])
        #expect(timeline.engine.findings[0].evidence.contains { $0.what == "a: app restarted (1 restarts)" } == false)
    }

    @Test func eventsBeforeTheirPodAndRisingCountsExtendProbeFailures() {
        var timeline = Timeline()
        let message = "Readiness probe failed: Get \"http://10.4.1.7:8080/ready\": dial tcp 10.4.1.7:8080: connect: connection refused"
        timeline.add(0, .events, Pods.unhealthy("a.r", pod: "a", container: "app", message: message))
        timeline.add(1, .pods, Self.pod("a", ready: false))
        timeline.modify(5, .events, Pods.unhealthy("a.r", pod: "a", container: "app", message: message, count: 3))
        timeline.modify(9, .events, Pods.unhealthy("a.r", pod: "a", container: "app", message: message, count: 7))
        #expect(timeline.summary == ["probe-failures info a [0.0, 9.0]"])
        #expect(timeline.engine.findings[0].summary.hasPrefix("Readiness probe failed 7× on app"))
    }

    @Test func legacyEndpointsInsteadOfSlices() {
        var timeline = Timeline()
        timeline.add(0, .pods, Self.pod("a", ready: false))
        let endpoints: JSON = ["kind": "Endpoints", "metadata": Objects.meta("checkout"), "subsets": [[
            "addresses": [["ip": "10.0.0.1", "targetRef": ["kind": "Pod", "namespace": "shop", "name": "a"]]]]]]
        timeline.add(2, .endpoints, endpoints)
        timeline.modify(5, .pods, Self.pod("a", ready: true))
        #expect(timeline.summary == ["traffic-before-ready critical a [2.0, 5.0]"])
    }

    @Test func severalServicesSelectingOnePod() {
        var timeline = Timeline()
        timeline.add(0, .pods, Self.pod("a", ready: false))
        timeline.add(1, .endpointslices, Pods.slice([("a", true, true, false)], service: "checkout", name: "c1"))
        timeline.add(1, .endpointslices, Pods.slice([("a", true, true, false)], service: "checkout-grpc", name: "g1"))
        timeline.modify(4, .pods, Self.pod("a", ready: true))
        #expect(timeline.summary == ["traffic-before-ready critical a [1.0, 4.0]", "traffic-before-ready critical a [1.0, 4.0]"])
        #expect(Set(timeline.engine.findings.compactMap(\.service)) == ["checkout", "checkout-grpc"])
    }

    @Test func noReadyEndpointsAfterTheLastReadyPodLeaves() {
        var timeline = Timeline()
        timeline.add(0, .pods, Self.pod("a", ready: true))
        timeline.add(0, .endpointslices, Pods.slice([("a", true, true, false)]))
        timeline.modify(10, .endpointslices, Pods.slice([("a", false, false, false)]))
        timeline.modify(10, .pods, Self.pod("a", ready: false))
        timeline.tick(10.5)
        #expect(timeline.summary.isEmpty, "not yet 1 s")
        timeline.modify(14, .endpointslices, Pods.slice([("a", true, true, false)]))
        timeline.modify(14, .pods, Self.pod("a", ready: true))
        #expect(timeline.summary == ["no-ready-endpoints critical svc/checkout [10.0, 14.0]"])
    }

    @Test func missingReadinessProbeOnAPodThatBacksAService() {
        var timeline = Timeline()
        timeline.add(0, .pods, Objects.pod("a", replicaSet: "checkout-aaa", labels: Pods.labels, containers: [["name": "app"]]))
        timeline.tick(5)
        #expect(timeline.summary.isEmpty, "no Service, no finding")
        timeline.add(6, .endpointslices, Pods.slice([("a", true, true, false)]))
        #expect(timeline.summary == ["missing-readiness-probe warning a [6.0, open]"])
    }

    @Test func gracePeriodCappedOnSpot() {
        var timeline = Timeline()
        let spot = Objects.pod("a", replicaSet: "checkout-aaa", labels: Pods.labels)
            .setting(["spec", "nodeSelector"], to: ["cloud.google.com/gke-spot": "true"])
            .setting(["spec", "terminationGracePeriodSeconds"], to: 60)
        timeline.add(0, .pods, spot)
        timeline.add(0, .pods, Objects.pod("b", replicaSet: "checkout-aaa", labels: Pods.labels).setting(["spec", "terminationGracePeriodSeconds"], to: 60))
        #expect(timeline.summary == ["grace-period-capped info a [0.0, open]"])
    }

    @Test func thresholdsAreFlags() {
        var timeline = Timeline(settings: RuleSettings(lagTolerance: 5))
        timeline.add(0, .pods, Self.pod("a", ready: false))
        timeline.add(1, .endpointslices, Pods.slice([("a", true, true, false)]))
        timeline.modify(4, .pods, Self.pod("a", ready: true))
        #expect(timeline.summary.isEmpty, "3 s is within a 5 s lag tolerance")
    }
}
