import JSONLite
import KubeModel
import Recording
import Testing
import TestSupport

@Suite struct RecordingRoundTripTests {
    static let header = RecordingHeader(created: Timestamp(microseconds: 1_790_000_000_000_000), context: "gke-prod",
                                        namespace: "shop", target: "deploy/checkout", kubectl: "kubectl", redacted: true)

    static func podEvent(_ name: String, at second: Int64, ready: Bool) -> (JSON, Timestamp) {
        let pod = Objects.pod(name, replicaSet: "checkout-aaa", labels: ["app": "checkout"], ready: ready)
        return (["type": "MODIFIED", "object": pod], Timestamp(microseconds: 1_790_000_000_000_000 + second * 1_000_000))
    }

    func write(_ path: String, events: [(JSON, Timestamp)]) throws {
        let writer = try RecordingWriter(path: path, header: Self.header, replacing: false)
        writer.record(StreamNotice(time: events[0].1, resource: .pods, kind: .started, detail: "list"))
        for (document, time) in events { writer.record(document, from: .pods, at: time) }
        writer.close()
    }

    func read(_ path: String) throws -> (RecordingReader, [SessionInput]) {
        var reader = RecordingReader(path: path)
        var inputs: [SessionInput] = []
        try reader.read { inputs.append($0) }
        return (reader, inputs)
    }

    @Test(arguments: ["plain.jsonl", "packed.jsonl.gz"])
    func whatIsWrittenReadsBackInOrderWithMicroseconds(name: String) throws {
        let directory = TemporaryDirectory()
        let path = directory.file(name)
        let events = (0..<50).map { Self.podEvent("p\($0 % 5)", at: Int64($0), ready: $0 % 2 == 0) }
        try write(path, events: events)
        let bytes = try #require(readBytes(path))
        #expect((bytes.prefix(2) == [0x1F, 0x8B]) == name.hasSuffix(".gz"))
        let (reader, inputs) = try read(path)
        #expect(reader.header == Self.header)
        #expect(reader.warnings.isEmpty)
        #expect(inputs.count == 51)
        #expect(inputs.dropFirst().map(\.time) == events.map(\.1))
        guard case .notice(let notice) = inputs[0] else { Issue.record("the stream line comes first"); return }
        #expect(notice.kind == .started && notice.resource == .pods)
    }

    @Test func redactionKeepsWhatRulesReadAndDropsSecrets() throws {
        let pod: JSON = [
            "kind": "Pod",
            "metadata": ["name": "p", "namespace": "shop",
                         "annotations": ["kubectl.kubernetes.io/last-applied-configuration": "{secret}",
                                         "sidecar.istio.io/status": "{}", "proxy.istio.io/config": "{}", "team": "payments"],
                         "managedFields": [["manager": "kubectl"]]],
            "spec": ["containers": [[
                "name": "app", "command": ["run"], "args": ["--password=x"],
                "env": [["name": "TOKEN", "value": "secret"], ["name": "FROM", "valueFrom": ["secretKeyRef": ["name": "s"]]]],
                "envFrom": [["secretRef": ["name": "s"]]],
                "readinessProbe": ["httpGet": ["port": 8080, "httpHeaders": [["name": "Authorization", "value": "Bearer x"]]]],
                "livenessProbe": ["exec": ["command": ["check", "--key=secret"]]],
                "lifecycle": ["preStop": ["exec": ["command": ["/bin/sh", "-c", "curl -H secret; sleep 15"]]]],
            ]]],
        ]
        let redacted = Redactor().redact(["type": "ADDED", "object": pod])["object"]
        let text = redacted.serialized()
        for secret in ["last-applied", "secret", "password", "Bearer", "managedFields", "team", "run"] {
            #expect(!text.contains(secret), "\(secret) in \(text)")
        }
        #expect(redacted["metadata"]["annotations"].object?.keys == ["sidecar.istio.io/status", "proxy.istio.io/config"])
        let container = redacted["spec"]["containers"].array[0]
        #expect(container["env"] == [["name": "TOKEN"], ["name": "FROM"]])
        #expect(container["lifecycle"]["preStop"]["exec"]["command"] == ["sleep", "15"])
        // What rules read is unchanged by redaction.
        #expect(Pod(json: redacted).spec == Pod(json: pod).spec)
    }
}
