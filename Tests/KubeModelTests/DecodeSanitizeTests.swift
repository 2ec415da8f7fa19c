import JSONLite
import KubeModel
import Testing

/// Cluster strings are made terminal-safe where they are decoded (ClusterString.swift),
/// so nothing after the decoder has to remember to.
struct DecodeSanitizeTests {
    func parse(_ text: String) throws -> JSON { try JSONParser().parse(text) }

    /// ESC ] 2 ; … BEL retitles a terminal; ESC [ 2 J clears it; U+202E reverses what follows.
    static let hostilePod = #"""
    {"kind":"Pod","metadata":{"name":"web-\u001b]2;pwned\u0007x","namespace":"shop\u001b[2J","uid":"u\u001b1",
      "ownerReferences":[{"kind":"ReplicaSet","name":"web-\u202eaaa","controller":true}]},
     "spec":{"nodeName":"node\u009b31m-1","readinessGates":[{"conditionType":"gate\u0007"}],
      "containers":[{"name":"app\u001b[31m","restartPolicy":"Always\u0000"}]},
     "status":{"phase":"Run\u001b[1mning","podIP":"10.0.0.1\n","reason":"Evicted\u001b]8;;http://x\u001b\\",
      "conditions":[{"type":"Ready\u001b[K","status":"True\t","reason":"why\u0007","message":"line\nbreak"}],
      "containerStatuses":[{"name":"app\u001b[31m","state":{"waiting":{"reason":"CrashLoop\u001b[5mBackOff","message":"\u001b]2;pwned\u0007gone"}}}]}}
    """#

    @Test func aPodWithEscapeSequencesDecodesToSafeStrings() throws {
        let pod = Pod(json: try parse(Self.hostilePod))
        #expect(pod.metadata.name == "web-x")
        #expect(pod.metadata.namespace == "shop")
        #expect(pod.metadata.controller?.name == "web-aaa")
        #expect(pod.spec.nodeName == "node-1")
        #expect(pod.spec.readinessGates == ["gate"])
        #expect(pod.spec.containers.map(\.name) == ["app"])
        #expect(pod.spec.containers.first?.restartPolicy == "Always")
        #expect(pod.status.phase == "Running")
        #expect(pod.status.podIP == "10.0.0.1 ")
        #expect(pod.status.reason == "Evicted")
        let condition = try #require(pod.status.conditions.first)
        #expect([condition.type, condition.status, condition.reason, condition.message] == ["Ready", "True ", "why", "line break"])
        let status = try #require(pod.status.containerStatuses.first)
        #expect(status.name == "app")
        #expect(status.state == .waiting(reason: "CrashLoopBackOff", message: "gone"))
        // What is only matched and sent back to the API server stays as it came.
        #expect(pod.metadata.uid == "u\u{1B}1")
    }

    @Test func anEventWithEscapeSequencesDecodesToSafeStrings() throws {
        let event = Event(json: try parse(#"""
            {"kind":"Event","metadata":{"name":"e\u001b[2J","namespace":"shop"},
             "involvedObject":{"kind":"Pod\u0007","namespace":"shop","name":"web-\u001b]2;pwned\u0007x","fieldPath":"spec.containers{app\u001b[31m}"},
             "reason":"Unhealthy\u001b[31m","message":"Readiness probe failed: \u001b]2;pwned\u0007503\u202e","type":"Warning\u001b[0m",
             "source":{"component":"kubelet\u009b1m"}}
            """#))
        #expect(event.metadata.name == "e")
        #expect(event.involvedObject.kind == "Pod")
        #expect(event.involvedObject.name == "web-x")
        #expect(event.involvedObject.fieldPath == "spec.containers{app}")
        #expect(event.reason == "Unhealthy")
        #expect(event.message == "Readiness probe failed: 503")
        #expect(event.type == "Warning")
        #expect(event.source == "kubelet")
    }

    @Test func aPodNameWithAnEscapeStillMatchesItsSlicesTargetRef() throws {
        let pod = Pod(json: try parse(Self.hostilePod))
        let slice = EndpointSlice(json: try parse(#"""
            {"kind":"EndpointSlice","metadata":{"name":"web-x1","namespace":"shop\u001b[2J",
              "labels":{"kubernetes.io/service-name":"web\u001b]2;pwned\u0007"}},
             "endpoints":[{"addresses":["10.0.0.1\u001b[31m"],"conditions":{"ready":true},
               "targetRef":{"kind":"Pod","namespace":"shop\u001b[2J","name":"web-\u001b]2;pwned\u0007x"}}]}
            """#))
        let target = try #require(slice.endpoints.first?.targetRef)
        #expect(target.name == pod.metadata.name)
        #expect(target.namespace == pod.metadata.namespace)
        #expect(slice.serviceName == "web")
    }

    @Test func aStreamNoticeIsSafeWhateverItsDetailWasMadeOf() {
        let notice = StreamNotice(time: Timestamp(microseconds: 0), resource: .pods, kind: .error,
                                  detail: "watch from resourceVersion 1\u{1B}]2;pwned\u{07}: \u{202E}refused")
        #expect(notice.detail == "watch from resourceVersion 1: refused")
    }

    @Test func freeTextIsCutBeforeItIsCleaned() throws {
        // An escape sequence straddling the cut is dropped whole, and the count of bytes
        // not kept is of what the cluster sent, as reports always said.
        let long = String(repeating: "x", count: FreeText.limit - 2) + "\u{1B}[31m" + String(repeating: "y", count: 100)
        let event = Event(json: ["message": .string(long)])
        #expect(event.message == FreeText.bounded(long).sanitizedForTerminal)
        #expect(!event.message.unicodeScalars.contains("\u{1B}"))
    }
}
