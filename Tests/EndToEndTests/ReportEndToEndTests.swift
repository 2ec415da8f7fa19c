import JSONLite
import KubeModel
import Runtime
import Testing
import TestSupport

/// The real rollwatch binary and the real kubectl against the API server stand-in.
extension EndToEndAlone {
@Suite struct ReportEndToEndTests {
    static let labels = ["app": "checkout"]

    /// A rollout with an istio-injected old pod (classic sidecar), a new pod with a
    /// native sidecar, NEG gates, a terminating endpoint, watches ended every second
    /// and a 410 while an old pod is being deleted.
    static func rolloutScenario() -> Scenario {
        var scenario = Scenario(watchSeconds: 1)
        let gate: JSON = "cloud.google.com/load-balancer-neg-ready"
        scenario.initial = [
            Objects.deployment("checkout", labels: labels),
            Objects.replicaSet("checkout-aaa", deployment: "checkout", revision: 1, labels: labels),
            Objects.service("checkout", selector: labels),
            Objects.service("unrelated", selector: ["app": "other"]),
            Objects.pod("checkout-aaa-1", replicaSet: "checkout-aaa", labels: labels,
                        containers: [["name": "app", "readinessProbe": ["httpGet": ["port": 8080]]], ["name": "istio-proxy"]],
                        initContainers: [["name": "istio-init"]],
                        initStatuses: [Objects.containerStatus("istio-init", state: "terminated", ready: false)],
                        annotations: ["sidecar.istio.io/status": #"{"initContainers":["istio-init"],"containers":["istio-proxy"]}"#],
                        gates: [gate],
                        extraConditions: [Objects.condition("cloud.google.com/load-balancer-neg-ready", true, reason: "LoadBalancerNegReady")]),
            Objects.pod("checkout-aaa-2", replicaSet: "checkout-aaa", labels: labels),
            Objects.endpointSlice("checkout-x1", service: "checkout", endpoints: [
                ("checkout-aaa-1", true, true, false), ("checkout-aaa-2", true, true, false),
            ]),
        ]
        scenario.apply(Objects.replicaSet("checkout-bbb", deployment: "checkout", revision: 2, labels: labels), at: 0.5)
        scenario.apply(Objects.pod("checkout-bbb-1", replicaSet: "checkout-bbb", labels: labels, ready: false,
                                   containers: [["name": "app", "readinessProbe": ["httpGet": ["port": 8080]]]],
                                   statuses: [Objects.containerStatus("app", ready: false)],
                                   initContainers: [["name": "istio-proxy", "restartPolicy": "Always"]],
                                   initStatuses: [Objects.containerStatus("istio-proxy", ready: true)],
                                   gates: [gate],
                                   extraConditions: [Objects.condition("cloud.google.com/load-balancer-neg-ready", false, reason: "LoadBalancerNegNotReady")]),
                       at: 1.0)
        scenario.patch("pods", "checkout-aaa-2", at: 1.5, merge: ["metadata": ["deletionTimestamp": "2026-11-21T10:00:05Z"]])
        scenario.apply(Objects.endpointSlice("checkout-x1", service: "checkout", endpoints: [
            ("checkout-aaa-1", true, true, false), ("checkout-aaa-2", false, true, true), ("checkout-bbb-1", false, false, false),
        ]), at: 1.5)
        scenario.compact(at: 2.5)
        scenario.delete("pods", "checkout-aaa-2", at: 2.55)
        scenario.apply(Objects.endpointSlice("checkout-x1", service: "checkout", endpoints: [
            ("checkout-aaa-1", true, true, false), ("checkout-bbb-1", true, true, false),
        ]), at: 3.0)
        scenario.patch("pods", "checkout-bbb-1", at: 3.0, merge: ["status": [
            "conditions": [Objects.condition("Ready", true),
                           Objects.condition("cloud.google.com/load-balancer-neg-ready", true, reason: "LoadBalancerNegWithoutHealthCheck")],
            "containerStatuses": [Objects.containerStatus("app", ready: true)],
        ]])
        return scenario
    }

    static func pod(_ report: JSON, _ name: String) -> JSON {
        report["pods"].array.first { $0["name"].string == name } ?? .null
    }

    static func containers(_ pod: JSON) -> [String] {
        pod["containers"].array.map { "\($0["name"].string!):\($0["role"].string!):\($0["state"].string!):\($0["ready"].bool!)" }
    }

    @Test func reportShowsEveryPodThroughEndedWatchesAndA410() throws {
        let standIn = try StandIn(scenario: Self.rolloutScenario().json)
        let result = try runRollwatch(["report", "deploy/checkout", "--for", "5s", "--format", "json", "--kubeconfig", standIn.kubeconfig])
        #expect(result.status == .exited(1), "warnings fail the default --fail-on: \(result.stderrText)")
        let report = try JSONParser().parse(result.stdout)

        #expect(report["rollwatch"]["report"] == 1)
        // Findings through the real kubectl, with windows relative to the first event
        // (the stand-in's clock starts at the first pods list), to within 1 s.
        let origin = Timestamp(rfc3339: report["window"]["start"].string ?? "")!
        func offset(_ value: JSON) -> Double? { value.string.flatMap(Timestamp.init(rfc3339:))?.seconds(since: origin) }
        let findings = report["findings"].array
        if Environment.value("ROLLWATCH_DEBUG_E2E") != nil {
            print("REPORT rollout: \(report["findings"].serialized())")
            print("POD aaa-2: \(Self.pod(report, "checkout-aaa-2").serialized())")
        }
        #expect(findings.map { "\($0["rule"].string!) \($0["severity"].string!) \($0["pod"].string!)" }.sorted() == [
            "neg-gate-without-health-check warning checkout-bbb-1",
            "no-drain-delay warning checkout-aaa-2",
        ])
        let neg = findings.first { $0["rule"] == "neg-gate-without-health-check" } ?? .null
        #expect(abs((offset(neg["start"]) ?? -9) - 3.0) <= 1, "gate set at 3.0 s: \(neg["start"])")
        #expect(neg["end"] == .null)
        let drain = findings.first { $0["rule"] == "no-drain-delay" } ?? .null
        #expect(abs((offset(drain["start"]) ?? -9) - 1.5) <= 1, "deletion requested at 1.5 s: \(drain["start"])")
        #expect(abs((offset(drain["end"]) ?? -9) - 2.55) <= 1, "gone at 2.55 s: \(drain["end"])")
        #expect(drain["evidence"].array.contains { $0["what"].string?.contains("deletion requested") == true })
        #expect(drain["remedy"].string?.contains("preStop") == true)
        #expect(report["source"]["namespace"] == "shop")
        #expect(report["source"]["target"] == "deploy/checkout")
        #expect(report["window"]["start"].string?.hasSuffix("Z") == true)
        #expect(report["pods"].array.compactMap { $0["name"].string } == ["checkout-aaa-1", "checkout-aaa-2", "checkout-bbb-1"])

        let old = Self.pod(report, "checkout-aaa-1")
        #expect(old["revision"] == "old")
        #expect(old["phase"] == "Running")
        #expect(old["ready"] == true)
        #expect(old["deleted"] == false)
        #expect(Self.containers(old) == ["istio-init:init:terminated:false", "app:app:running:true", "istio-proxy:sidecar:running:true"])
        #expect(old["endpoints"] == [["service": "checkout", "ready": true, "serving": true, "terminating": false]])
        #expect(old["gates"] == [["type": "cloud.google.com/load-balancer-neg-ready", "status": "True", "reason": "LoadBalancerNegReady"]])

        let gone = Self.pod(report, "checkout-aaa-2")
        #expect(gone["revision"] == "old")
        #expect(gone["deleted"] == true)
        #expect(gone["endpoints"] == [])

        let new = Self.pod(report, "checkout-bbb-1")
        #expect(new["revision"] == "new")
        #expect(new["ready"] == true)
        #expect(Self.containers(new) == ["istio-proxy:sidecar:running:true", "app:app:running:true"])
        #expect(new["endpoints"] == [["service": "checkout", "ready": true, "serving": true, "terminating": false]])
        #expect(new["gates"] == [["type": "cloud.google.com/load-balancer-neg-ready", "status": "True", "reason": "LoadBalancerNegWithoutHealthCheck"]])

        let pods = report["streams"].array.first { $0["resource"] == "pods" } ?? .null
        #expect((pods["restarts"].int ?? 0) >= 3, "watches end every second")
        #expect((pods["errors"].int ?? 0) >= 1, "the 410 is counted")
        #expect(pods["lastError"].string?.contains("410") == true)
        #expect(report["streams"].array.compactMap { $0["resource"].string } == ["pods", "endpointslices", "events", "deployments", "replicasets"])
    }

    /// 1,000 pods, 400 replaced while every watch is ended every 1.5 s and one 410
    /// lands mid-replacement: the report must equal the server's final state, with
    /// every replaced pod reported deleted and no ghost left alive.
    @Test func thousandPodsConvergeOnTheServerState() throws {
        let labels = ["app": "web"]
        let total = 1_000
        let replaced = 400
        var scenario = Scenario(watchSeconds: 1.5)
        func name(_ revision: String, _ index: Int) -> String { "web-\(revision)-\(index)" }
        scenario.initial = [Objects.deployment("web", labels: labels), Objects.service("web", selector: labels),
                            Objects.replicaSet("web-old", deployment: "web", revision: 1, labels: labels)]
        scenario.initial += (0..<total).map { Objects.pod(name("old", $0), replicaSet: "web-old", labels: labels) }
        /// Slice `slice` of the four, with pods below `newUpTo` replaced by their new twins.
        func slice(_ slice: Int, newUpTo: Int) -> JSON {
            var endpoints: [(pod: String, ready: Bool, serving: Bool, terminating: Bool)] = []
            for index in slice * 250..<(slice + 1) * 250 {
                endpoints.append((pod: name(index < newUpTo ? "new" : "old", index), ready: true, serving: true, terminating: false))
            }
            return Objects.endpointSlice("web-\(slice)", service: "web", endpoints: endpoints)
        }
        for index in 0..<4 { scenario.initial.append(slice(index, newUpTo: 0)) }
        scenario.apply(Objects.replicaSet("web-new", deployment: "web", revision: 2, labels: labels), at: 0.2)
        for index in 0..<replaced {
            let at = 0.3 + Double(index) * 0.012
            scenario.apply(Objects.pod(name("new", index), replicaSet: "web-new", labels: labels, phase: "Pending", ready: false,
                                       statuses: [Objects.containerStatus("app", state: "waiting", ready: false)]), at: at)
            scenario.patch("pods", name("new", index), at: at + 0.2, merge: ["status": [
                "phase": "Running", "conditions": [Objects.condition("Ready", true)],
                "containerStatuses": [Objects.containerStatus("app", ready: true)]]])
            scenario.delete("pods", name("old", index), at: at + 0.25)
        }
        // Slices follow in batches of 100, as the endpoint controller batches them; the last batch is the final state.
        for batch in 1...4 {
            for index in 0..<4 {
                scenario.apply(slice(index, newUpTo: min(batch * 100, replaced)), at: 0.6 + Double(batch) * 1.2)
            }
        }
        scenario.compact(at: 2.5)
        let standIn = try StandIn(scenario: scenario.json)
        let result = try runRollwatch(["report", "deploy/web", "--for", "12s", "--format", "json", "--kubeconfig", standIn.kubeconfig])
        #expect(result.status == .exited(0), "\(result.stderrText)")
        #expect(standIn.waitUntilDone(timeout: 5))
        let report = try JSONParser().parse(result.stdout)
        let server = try standIn.state()

        let serverPods = Dictionary(uniqueKeysWithValues: server["pods"].array.map { ($0["metadata"]["name"].string!, $0) })
        let livePods = report["pods"].array.filter { $0["deleted"] == false }
        #expect(Set(livePods.compactMap { $0["name"].string }) == Set(serverPods.keys), "no missed pod, no ghost")
        #expect(livePods.count == total)
        for pod in livePods {
            let name = pod["name"].string!
            let expected = serverPods[name]!
            #expect(pod["phase"] == expected["status"]["phase"], "\(name)")
            #expect(pod["ready"].bool == (expected["status"]["conditions"].array.first { $0["type"] == "Ready" }?["status"] == "True"), "\(name)")
            #expect(pod["revision"].string == (name.hasPrefix("web-new") ? "new" : "old"), "\(name)")
        }
        let deleted = Set(report["pods"].array.filter { $0["deleted"] == true }.compactMap { $0["name"].string })
        #expect(deleted == Set((0..<replaced).map { name("old", $0) }))
        let membership = livePods.filter { $0["endpoints"].array.first?["ready"] == true }.count
        #expect(membership == total, "every live pod is a ready endpoint of web at the end")
        let pods = report["streams"].array.first { $0["resource"] == "pods" } ?? .null
        #expect((pods["restarts"].int ?? 0) >= 5)
        #expect(pods["lastError"].string?.contains("410") == true || (pods["errors"].int ?? 0) >= 1)
    }

    @Test func legacyEndpointsWhenTheClusterHasNoEndpointSlices() throws {
        var scenario = Scenario(watchSeconds: 2)
        scenario.disabled = ["endpointslices"]
        scenario.initial = [
            Objects.deployment("checkout", labels: Self.labels),
            Objects.replicaSet("checkout-aaa", deployment: "checkout", revision: 1, labels: Self.labels),
            Objects.service("checkout", selector: Self.labels),
            Objects.pod("checkout-aaa-1", replicaSet: "checkout-aaa", labels: Self.labels),
            Objects.pod("checkout-aaa-2", replicaSet: "checkout-aaa", labels: Self.labels, ready: false),
            ["kind": "Endpoints", "metadata": Objects.meta("checkout"), "subsets": [[
                "addresses": [["ip": "10.0.0.1", "targetRef": ["kind": "Pod", "namespace": "shop", "name": "checkout-aaa-1"]]],
                "notReadyAddresses": [["ip": "10.0.0.2", "targetRef": ["kind": "Pod", "namespace": "shop", "name": "checkout-aaa-2"]]],
            ]]],
        ]
        let standIn = try StandIn(scenario: scenario.json)
        let result = try runRollwatch(["report", "deploy/checkout", "--for", "2s", "--format", "json", "--kubeconfig", standIn.kubeconfig])
        #expect(result.status == .exited(0), "\(result.stderrText)")
        let report = try JSONParser().parse(result.stdout)
        #expect(Self.pod(report, "checkout-aaa-1")["endpoints"] == [["service": "checkout", "ready": true, "serving": true, "terminating": false]])
        #expect(Self.pod(report, "checkout-aaa-2")["endpoints"] == [["service": "checkout", "ready": false, "serving": false, "terminating": false]])
        #expect(report["streams"].array.contains { $0["resource"] == "endpoints" })
    }

    @Test func textReportListsPodsWithoutEscapes() throws {
        var scenario = Scenario()
        scenario.initial = [Objects.pod("web-\u{1B}]2;pwned\u{07}x", replicaSet: "web-aaa", labels: ["app": "web"])]
        let standIn = try StandIn(scenario: scenario.json)
        let result = try runRollwatch(["report", "--for", "1s", "--kubeconfig", standIn.kubeconfig])
        #expect(result.status == .exited(0), "\(result.stderrText)")
        #expect(result.stdoutText.contains("web-x"))
        #expect(!result.stdout.contains(0x1B) && !result.stdout.contains(0x07))
    }
}
}
