import JSONLite
import KubeModel
import Testing

/// Decoders on objects shaped like what an API server really returns.
struct DecodingTests {
    func parse(_ text: String) throws -> JSON { try JSONParser().parse(text) }

    /// An istio-injected pod with a classic sidecar (as injected by istiod before native sidecars),
    /// with a NEG readiness gate set by neg-readiness-reflector without a health check.
    static let classicIstioPod = #"""
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"checkout-7d9f-x7k2","namespace":"shop","uid":"4f1c",
      "resourceVersion":"81723","creationTimestamp":"2024-05-01T15:23:01Z",
      "labels":{"app":"checkout","pod-template-hash":"7d9f"},
      "annotations":{"sidecar.istio.io/status":"{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"],\"volumes\":[\"istio-envoy\"]}",
        "kubectl.kubernetes.io/last-applied-configuration":"{}"},
      "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"checkout-7d9f","uid":"rs1","controller":true,"blockOwnerDeletion":true}],
      "managedFields":[{"manager":"kubelet","operation":"Update","fieldsV1":{"f:status":{}}}]},
     "spec":{"nodeName":"gke-pool-1-abc","terminationGracePeriodSeconds":30,
      "readinessGates":[{"conditionType":"cloud.google.com/load-balancer-neg-ready"}],
      "initContainers":[{"name":"istio-init","image":"proxyv2","args":["istio-iptables"]}],
      "containers":[
        {"name":"grpc-server","image":"app","env":[{"name":"TOKEN","value":"s3cret"}],
         "readinessProbe":{"grpc":{"port":9000},"periodSeconds":5},"startupProbe":{"httpGet":{"path":"/healthz","port":8080},"failureThreshold":30},
         "lifecycle":{"preStop":{"exec":{"command":["/bin/sh","-c","sleep 15"]}}}},
        {"name":"istio-proxy","image":"proxyv2","readinessProbe":{"httpGet":{"path":"/healthz/ready","port":15021}}}]},
     "status":{"phase":"Running","podIP":"10.4.1.7",
      "conditions":[
        {"type":"cloud.google.com/load-balancer-neg-ready","status":"True","reason":"LoadBalancerNegWithoutHealthCheck","lastTransitionTime":"2024-05-01T15:23:12Z"},
        {"type":"Initialized","status":"True","lastTransitionTime":"2024-05-01T15:23:05Z"},
        {"type":"Ready","status":"False","reason":"ContainersNotReady","lastTransitionTime":"2024-05-01T15:23:05Z"},
        {"type":"ContainersReady","status":"False","lastTransitionTime":"2024-05-01T15:23:05Z"},
        {"type":"PodScheduled","status":"True","lastTransitionTime":"2024-05-01T15:23:01Z"}],
      "initContainerStatuses":[{"name":"istio-init","ready":true,"restartCount":0,
        "state":{"terminated":{"exitCode":0,"reason":"Completed","startedAt":"2024-05-01T15:23:03Z","finishedAt":"2024-05-01T15:23:04Z"}}}],
      "containerStatuses":[
        {"name":"grpc-server","ready":false,"started":false,"restartCount":1,"state":{"running":{"startedAt":"2024-05-01T15:23:12Z"}},
         "lastState":{"terminated":{"exitCode":137,"reason":"Error"}}},
        {"name":"istio-proxy","ready":true,"started":true,"restartCount":0,"state":{"running":{"startedAt":"2024-05-01T15:23:06Z"}}}]}}
    """#

    @Test func decodesAClassicIstioPodWithANEGGate() throws {
        let pod = Pod(json: try parse(Self.classicIstioPod))
        #expect(pod.metadata.name == "checkout-7d9f-x7k2")
        #expect(pod.metadata.controller == OwnerReference(kind: "ReplicaSet", name: "checkout-7d9f", uid: "rs1", isController: true))
        #expect(pod.metadata.creationTimestamp == Timestamp(rfc3339: "2024-05-01T15:23:01Z"))
        #expect(pod.spec.readinessGates == ["cloud.google.com/load-balancer-neg-ready"])
        #expect(pod.spec.terminationGracePeriodSeconds == 30)
        #expect(pod.spec.initContainers.map(\.name) == ["istio-init"])
        #expect(pod.spec.initContainers[0].isNativeSidecar == false)
        let app = pod.spec.containers[0]
        #expect(app.readinessProbe?.handler == "grpc")
        #expect(app.readinessProbe?.periodSeconds == 5)
        #expect(app.startupProbe?.failureThreshold == 30)
        #expect(app.preStop == .exec(sleepSeconds: 15))
        #expect(app.preStop?.knownDelaySeconds == 15)
        #expect(pod.status.podIP == "10.4.1.7")
        let gate = try #require(pod.status.condition("cloud.google.com/load-balancer-neg-ready"))
        #expect(gate.isTrue && gate.reason == "LoadBalancerNegWithoutHealthCheck")
        #expect(gate.lastTransitionTime == Timestamp(rfc3339: "2024-05-01T15:23:12Z"))
        #expect(pod.status.condition("Ready")?.isTrue == false)
        let grpc = pod.status.containerStatuses[0]
        #expect(grpc.ready == false && grpc.started == false && grpc.restartCount == 1)
        #expect(grpc.state == .running(startedAt: Timestamp(rfc3339: "2024-05-01T15:23:12Z")))
        #expect(grpc.lastState.reason == "Error")
        #expect(pod.status.initContainerStatuses[0].state.reason == "Completed")
    }

    @Test func decodesANativeSidecarAndAPreStopSleep() throws {
        let pod = Pod(json: try parse(#"""
        {"metadata":{"name":"p","namespace":"shop"},
         "spec":{"initContainers":[{"name":"istio-proxy","restartPolicy":"Always","startupProbe":{"httpGet":{"port":15021}}},{"name":"vault-agent-init"}],
                 "containers":[{"name":"app","lifecycle":{"preStop":{"sleep":{"seconds":10}}}}]},
         "status":{"phase":"Pending","initContainerStatuses":[{"name":"istio-proxy","ready":false,"started":true,"restartCount":0,"state":{"running":{}}},
                    {"name":"vault-agent-init","ready":false,"restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 40s"}}}]}}
        """#))
        #expect(pod.spec.initContainers[0].isNativeSidecar)
        #expect(!pod.spec.initContainers[1].isNativeSidecar)
        #expect(pod.spec.containers[0].preStop == .sleep(seconds: 10))
        #expect(pod.status.initContainerStatuses[1].state == .waiting(reason: "CrashLoopBackOff", message: "back-off 40s"))
        #expect(pod.status.initContainerStatuses[1].restartCount == 3)
    }

    @Test func decodesTerminatingEndpointsWithDefaults() throws {
        let slice = EndpointSlice(json: try parse(#"""
        {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","addressType":"IPv4",
         "metadata":{"name":"checkout-abcde","namespace":"shop","labels":{"kubernetes.io/service-name":"checkout","endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io"}},
         "endpoints":[
          {"addresses":["10.4.1.7"],"conditions":{"ready":false,"serving":true,"terminating":true},"nodeName":"n1","targetRef":{"kind":"Pod","namespace":"shop","name":"old-1","uid":"u1"}},
          {"addresses":["10.4.1.8"],"conditions":{},"targetRef":{"kind":"Pod","namespace":"shop","name":"new-1"}},
          {"addresses":["10.4.1.9"],"conditions":{"ready":false}}],
         "ports":[{"name":"grpc","port":9000,"protocol":"TCP"}]}
        """#))
        #expect(slice.serviceName == "checkout")
        #expect(slice.endpoints[0].ready == false && slice.endpoints[0].serving && slice.endpoints[0].terminating)
        #expect(slice.endpoints[0].targetRef?.name == "old-1")
        // Absent ready means ready; absent serving follows ready (API reference).
        #expect(slice.endpoints[1].ready && slice.endpoints[1].serving && !slice.endpoints[1].terminating)
        #expect(slice.endpoints[2].targetRef == nil && !slice.endpoints[2].serving)
    }

    @Test func decodesNEGReflectorEventsAndAggregatedCounts() throws {
        let event = Event(json: try parse(#"""
        {"kind":"Event","metadata":{"name":"checkout-x7k2.17c","namespace":"shop","uid":"e1"},
         "involvedObject":{"kind":"Pod","namespace":"shop","name":"checkout-x7k2","uid":"4f1c"},
         "reason":"LoadBalancerNegWithoutHealthCheck",
         "message":"Pod is in NEG \"Key{\\\"k8s1-abc-shop-checkout-80\\\", zone: \\\"asia-northeast1-a\\\"}\". NEG is not attached to any Backend Service with health checking. Marking condition \"cloud.google.com/load-balancer-neg-ready\" to True.",
         "source":{"component":"neg-readiness-reflector"},"firstTimestamp":"2024-05-01T15:23:12Z","lastTimestamp":"2024-05-01T15:23:12Z","count":1,"type":"Normal"}
        """#))
        #expect(event.source == "neg-readiness-reflector")
        // The reflector prints the NEG key with escaped quotes inside the message (SPEC §4).
        #expect(event.message.contains(#"Key{\"k8s1-abc-shop-checkout-80\", zone: \"asia-northeast1-a\"}"#))
        #expect(event.involvedObject.name == "checkout-x7k2")

        let series = Event(json: try parse(#"""
        {"metadata":{"name":"e","namespace":"shop"},"involvedObject":{"kind":"Pod","name":"p"},"reason":"Unhealthy",
         "message":"Startup probe failed: connection refused","type":"Warning","reportingComponent":"kubelet",
         "eventTime":"2024-05-01T15:23:13.000000Z","series":{"count":6,"lastObservedTime":"2024-05-01T15:23:18.500000Z"}}
        """#))
        #expect(series.count == 6)
        #expect(series.source == "kubelet")
        #expect(series.firstTimestamp == Timestamp(rfc3339: "2024-05-01T15:23:13Z"))
        #expect(series.lastTimestamp == Timestamp(rfc3339: "2024-05-01T15:23:18.5Z"))
    }

    @Test func decodesWatchEnvelopesListsAndBareObjects() throws {
        let time = Timestamp(microseconds: 1)
        let added = try WatchEvent.decode(try parse(#"{"type":"ADDED","object":{"metadata":{"name":"p","resourceVersion":"5"}}}"#), resource: .pods, at: time)
        guard case .added(.pod(let pod)) = added.change else { Issue.record("not an added pod"); return }
        #expect(pod.metadata.resourceVersion == "5")

        let expired = try WatchEvent.decode(try parse(#"{"type":"ERROR","object":{"kind":"Status","status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}"#), resource: .pods, at: time)
        #expect(expired.change == .error(APIStatus(code: 410, reason: "Expired", message: "too old resource version: 1 (5)")))
        if case .error(let status) = expired.change { #expect(status.isExpired) }

        let list = try WatchEvent.decode(try parse(#"{"kind":"PodList","metadata":{"resourceVersion":"77"},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}"#), resource: .pods, at: time)
        guard case .replaced(let items, let version) = list.change else { Issue.record("not a list"); return }
        #expect(items.map(\.metadata.name) == ["a", "b"] && version == "77")

        let bare = try WatchEvent.decode(try parse("{\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"c\"}\n}"), resource: .pods, at: time)
        #expect(bare.change == .modified(.pod(Pod(metadata: ObjectMeta(name: "c")))))

        let bookmark = try WatchEvent.decode(try parse(#"{"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"99"}}}"#), resource: .pods, at: time)
        #expect(bookmark.change == .bookmark(resourceVersion: "99"))
    }

    @Test(arguments: [#"[1,2]"#, #"{"type":"ADDED"}"#, #"{"type":"SURPRISE","object":{}}"#, #"{"kind":"Pod"}"#])
    func rejectsDocumentsThatAreNotEvents(_ text: String) throws {
        let document = try parse(text)
        #expect(throws: DecodeError.self) { try WatchEvent.decode(document, resource: .pods, at: Timestamp(microseconds: 0)) }
    }

    @Test func workloadSelectorsPrintAsKubectlSelectors() throws {
        let deployment = Workload(kind: .deployment, json: try parse(#"""
        {"metadata":{"name":"checkout","generation":7},"spec":{"replicas":3,"minReadySeconds":60,
          "selector":{"matchLabels":{"app":"checkout","tier":"web"},"matchExpressions":[{"key":"track","operator":"In","values":["stable","canary"]},{"key":"legacy","operator":"DoesNotExist"}]},
          "template":{"metadata":{"labels":{"app":"checkout","tier":"web","track":"stable"}}}},
         "status":{"observedGeneration":7,"replicas":3,"updatedReplicas":2,"readyReplicas":3,"availableReplicas":3}}
        """#))
        #expect(deployment.selector.queryString == "app=checkout,tier=web,track in (stable,canary),!legacy")
        #expect(deployment.minReadySeconds == 60)
        #expect(deployment.status.updatedReplicas == 2)
        #expect(deployment.templateLabels["track"] == "stable")
    }

    /// The ASCII split (bytes) and the split of Characters give the same words: the same
    /// N for `sleep N` however it is written, and nil, not a crash, for an N no Int holds.
    @Test(arguments: [
        (["/bin/sh", "-c", "sleep 15"], 15), (["sleep", "20"], 20), (["sh", "-c", "echo a; /usr/bin/sleep 5 && x"], 5),
        (["sh", "-c", "sleep&&sleep 3"], nil), (["sleep"], nil), (["sh", "-c", "sleep 2.9"], 2), (["sleep", "-4"], -4),
        (["sleeper", "7"], nil), (["x/sleep;;8"], 8), (["sh", "-c", "sleep inf"], nil), (["sleep", "1e300"], nil),
        (["sleep", "nan"], nil), (["sleep"], nil), ([], nil), (["sh", "-c", "échó; sleep 6"], 6), (["sleep", "٣"], nil),
        (["sleep \u{301}", "9"], nil), (["sleep", "\u{301}9"], nil), (["sleep\r\n", "4"], nil),
    ] as [([String], Int?)])
    func sleepSecondsReadsTheWordAfterSleep(command: [String], seconds: Int?) {
        #expect(LifecycleHandler.sleepSeconds(in: command) == seconds)
    }
}
