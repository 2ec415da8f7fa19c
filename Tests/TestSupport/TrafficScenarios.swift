import JSONLite

/// Seed 001 with traffic: the ingress gateway sends a request a second to each of
/// two pods while the new one's endpoint is ready before its gRPC server, and both
/// sides' proxies log them (istio's TEXT format, `{now-N}` the request's start).
///
/// - `microservice-b-5d8f-qwert` (10.8.0.12): the seed's pod. Its four requests in
///   the traffic-before-ready window (1–5 s) fail: 503 URX,UF at the gateway, 503 UF
///   with `delayed connect error: 111` at its own proxy, one x-request-id each, so
///   four failed requests, not eight. One more request at 8.2 s succeeds. Its proxy
///   also prints Envoy's own log and garbage: two skipped lines.
/// - `microservice-b-5d8f-abcde` (10.8.0.13): healthy throughout, yet one request at
///   7.5 s fails (503 UF): a failure no finding explains.
/// - `microservice-b-5d8f-late`: its containers start at 3 s; until then its log
///   answers 400 (waiting to start). One request reaches it at 4 s.
public enum TrafficScenarios {
    public static let newPod = "microservice-b-5d8f-qwert"
    public static let healthyPod = "microservice-b-5d8f-abcde"
    public static let latePod = "microservice-b-5d8f-late"
    public static let gatewayPod = "istio-ingressgateway-6f7d8-gw001"
    public static let gateway = "istio-system/deploy/istio-ingressgateway"
    public static let seconds = 10

    static let probe: JSON = ["httpGet": ["port": 8080]]

    static func pod(_ name: String, ip: String, appState: String, appReady: Bool, proxyState: String = "running",
                    proxyReady: Bool = true) -> JSON {
        Objects.pod(name, replicaSet: "checkout-bbb", labels: SeedScenarios.labels, phase: proxyState == "running" ? "Running" : "Pending",
                    ready: appReady && proxyReady,
                    containers: [["name": "grpc-server", "readinessProbe": probe], ["name": "istio-proxy", "readinessProbe": ["httpGet": ["port": 15021]]]],
                    statuses: [Objects.containerStatus("grpc-server", state: appState, ready: appReady),
                               Objects.containerStatus("istio-proxy", state: proxyState, ready: proxyReady)],
                    initContainers: [["name": "istio-init"]],
                    initStatuses: [Objects.containerStatus("istio-init", state: "terminated", ready: false)],
                    annotations: ["sidecar.istio.io/status": #"{"initContainers":["istio-init"],"containers":["istio-proxy"]}"#],
                    extraConditions: [Objects.condition("Initialized", true)], ip: ip)
    }

    static var gatewayObjects: [JSON] {
        let labels = ["app": "istio-ingressgateway"]
        let deployment = Objects.deployment("istio-ingressgateway", labels: labels).setting(["metadata", "namespace"], to: "istio-system")
        let pod = Objects.pod(gatewayPod, replicaSet: "istio-ingressgateway-6f7d8", labels: labels,
                              containers: [["name": "istio-proxy", "readinessProbe": ["httpGet": ["port": 15021]]]], ip: "10.8.2.5")
            .setting(["metadata", "namespace"], to: "istio-system")
        return [deployment, pod]
    }

    /// A gateway's line for a request to `ip`, and the target proxy's inbound line.
    /// - Parameters:
    ///   - startedAgo: how long before the target's proxy writes its line the request started there.
    ///   - gatewayAgo: the same for the gateway's line (default: written at the same moment).
    static func lines(id: String, ip: String, code: Int, flags: String, details: String, startedAgo: Double,
                      gatewayAgo: Double? = nil, transportFailure: String = "-") -> (gateway: String, inbound: String) {
        let gateway = "[{now-\(gatewayAgo ?? startedAgo)}] \"GET /api/cart?session=abc HTTP/1.1\" \(code) \(flags == "UF" ? "URX,UF" : flags) \(details) - "
            + "\"\(transportFailure)\" 0 91 2 - \"203.0.113.9\" \"Mozilla/5.0\" \"\(id)\" \"shop.example.com\" \"\(ip):8080\" "
            + "outbound|8080||checkout.shop.svc.cluster.local 10.8.2.5:40000 10.8.2.5:8443 203.0.113.9:50000 shop.example.com -"
        let inbound = "[{now-\(startedAgo)}] \"GET /api/cart?session=abc HTTP/1.1\" \(code) \(flags) \(details) - "
            + "\"\(transportFailure)\" 0 91 1 - \"203.0.113.9\" \"Mozilla/5.0\" \"\(id)\" \"shop.example.com\" \"\(ip):8080\" "
            + "inbound|8080|| 127.0.0.6:41000 \(ip):8080 10.8.2.5:40000 outbound_.8080_._.checkout.shop.svc.cluster.local default"
        return (gateway, inbound)
    }

    public static var seed001WithTraffic: SeedScenario {
        var scenario = Scenario()
        let newIP = "10.8.0.12", healthyIP = "10.8.0.13", lateIP = "10.8.0.14"
        scenario.initial = [
            pod(newPod, ip: newIP, appState: "waiting", appReady: false),
            pod(healthyPod, ip: healthyIP, appState: "running", appReady: true),
            pod(latePod, ip: lateIP, appState: "waiting", appReady: false, proxyState: "waiting", proxyReady: false),
            Objects.service("checkout", selector: SeedScenarios.labels),
            Objects.endpointSlice("checkout-x1", service: "checkout", endpoints: [(healthyPod, true, true, false)]),
        ] + gatewayObjects
        // Seed 001: the endpoint is ready at 1 s, the gRPC server at 5 s.
        scenario.apply(Objects.endpointSlice("checkout-x1", service: "checkout",
                                             endpoints: [(healthyPod, true, true, false), (newPod, true, true, false)]), at: 1)
        scenario.apply(pod(newPod, ip: newIP, appState: "running", appReady: false), at: 2)
        for (index, at) in [2.5, 3.0, 3.5, 4.0].enumerated() {
            scenario.apply(SeedScenarios.unhealthy(newPod, container: "grpc-server",
                                                   message: "Startup probe failed: timeout: failed to connect service \":9000\"", count: index + 1), at: at)
        }
        scenario.apply(pod(newPod, ip: newIP, appState: "running", appReady: true), at: 5)
        scenario.apply(pod(latePod, ip: lateIP, appState: "running", appReady: true), at: 3)

        // The new pod: refused while its server is not up (1.2, 2.2, 3.2, 4.2 s), then fine (8.2 s).
        for second in 1...4 {
            let (gateway, inbound) = lines(id: "req-new-\(second)", ip: newIP, code: 503, flags: "UF",
                                           details: "upstream_reset_before_response_started{connection_failure}", startedAgo: 0.7,
                                           gatewayAgo: 0.8, transportFailure: "delayed_connect_error:_111")
            scenario.log([inbound], pod: newPod, container: "istio-proxy", at: Double(second) + 0.9)
            scenario.log([gateway], pod: gatewayPod, container: "istio-proxy",
                         at: Double(second) + 1.0, namespace: "istio-system")
        }
        let later = lines(id: "req-new-8", ip: newIP, code: 200, flags: "-", details: "via_upstream", startedAgo: 0.6)
        scenario.log([later.inbound], pod: newPod, container: "istio-proxy", at: 8.8)
        scenario.log([later.gateway], pod: gatewayPod, container: "istio-proxy", at: 8.8, namespace: "istio-system")
        scenario.log(["2026-11-21T14:23:10.000000Z\twarning\tenvoy config\tgRPC config stream closed: 13",
                      "\u{1B}[31mnot an access log line\u{1B}[0m <script>alert(1)</script>"],
                     pod: newPod, container: "istio-proxy", at: 1.5)

        // The healthy pod: a request a second, and one failure no finding explains at 7.5 s.
        for second in 1...6 {
            let (gateway, inbound) = lines(id: "req-ok-\(second)", ip: healthyIP, code: 200, flags: "-", details: "via_upstream", startedAgo: 0.5)
            scenario.log([inbound], pod: healthyPod, container: "istio-proxy", at: Double(second) + 1.0)
            scenario.log([gateway], pod: gatewayPod, container: "istio-proxy", at: Double(second) + 1.0, namespace: "istio-system")
        }
        let odd = lines(id: "req-ok-7", ip: healthyIP, code: 503, flags: "UF",
                        details: "upstream_reset_before_response_started{connection_termination}", startedAgo: 0.5)
        scenario.log([odd.gateway], pod: gatewayPod, container: "istio-proxy", at: 8.0, namespace: "istio-system")
        scenario.log([odd.inbound], pod: healthyPod, container: "istio-proxy", at: 8.1)

        // The late pod: its log answers 400 until 3 s; one request at 4 s.
        let late = lines(id: "req-late-4", ip: lateIP, code: 200, flags: "-", details: "via_upstream", startedAgo: 0.4)
        scenario.log([late.inbound], pod: latePod, container: "istio-proxy", at: 4.4)
        scenario.log([late.gateway], pod: gatewayPod, container: "istio-proxy", at: 4.5, namespace: "istio-system")

        return SeedScenario(name: "seed 001 with traffic", scenario: scenario, seconds: seconds, expected: [
            ("probe-failures", "info", newPod, 2.5, 4), ("traffic-before-ready", "critical", newPod, 1, 5),
        ])
    }
}
