#if canImport(Glibc)
import Glibc
#endif
import JSONLite
import KubeModel
import Runtime
import Testing
import TestSupport

/// Recordings made through the real kubectl, read back by `report FILE` as a user would.
extension EndToEndSecondLane {
@Suite struct RecordingEndToEndTests {
    /// The live report and the report of the recording the same run wrote must agree
    /// on every finding and window: same rules, same receive clock.
    @Test(arguments: [SeedScenarios.rolloutRestartOnGKE, SeedScenarios.trafficBeforeReady, SeedScenarios.vaultInitBlocked]
        .map { ($0.name, $0) })
    func reportOfTheRecordingEqualsTheLiveReport(name: String, seed: SeedScenario) throws {
        let standIn = try StandIn(scenario: seed.scenario.json)
        let directory = TemporaryDirectory()
        let file = directory.file("session.jsonl")
        let live = try runRollwatch(["report", "--for", "\(seed.seconds)s", "--format", "json", "--record", file,
                                     "--kubeconfig", standIn.kubeconfig])
        #expect(live.status != .exited(2) && live.status != .exited(3), "\(name): \(live.stderrText)")
        let replayed = try runRollwatch(["report", file, "--format", "json"])
        #expect(replayed.status == live.status, "\(name): \(replayed.stderrText)")
        #expect(replayed.stderrText.isEmpty, "a whole recording reads without warnings: \(replayed.stderrText)")
        let liveReport = try JSONParser().parse(live.stdout)
        let fileReport = try JSONParser().parse(replayed.stdout)
        #expect(!liveReport["findings"].array.isEmpty, "\(name) has findings to compare")
        #expect(fileReport["findings"] == liveReport["findings"], "\(name)")
        #expect(fileReport["window"] == liveReport["window"])
        #expect(fileReport["pods"] == liveReport["pods"])
        #expect(fileReport["source"]["kind"] == "recording")
        #expect(fileReport["source"]["file"] == .string(file))
    }

    static let secretValue = "hunter2-s3cr3t-value"
    static let lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

    static func scenarioWithSecrets() -> Scenario {
        let labels = ["app": "checkout"]
        var scenario = Scenario(watchSeconds: 0)
        var pod = Objects.pod("checkout-aaa-1", replicaSet: "checkout-aaa", labels: labels,
                              containers: [["name": "app", "env": [["name": "DB_PASSWORD", "value": .string(secretValue)]],
                                            "command": ["/bin/app", .string("--token=\(secretValue)")],
                                            "readinessProbe": ["httpGet": ["port": 8080]]]],
                              annotations: [lastApplied: #"{"kind":"Pod","spec":{"password":"\#(secretValue)"}}"#,
                                            "sidecar.istio.io/status": #"{"containers":["istio-proxy"]}"#])
        pod = pod.setting(["metadata", "managedFields"], to: [["manager": "kubectl-client-side-apply", "fieldsV1": ["f:x": [:]]]])
        scenario.initial = [Objects.replicaSet("checkout-aaa", deployment: "checkout", revision: 1, labels: labels),
                            Objects.deployment("checkout", labels: labels), Objects.service("checkout", selector: labels), pod]
        return scenario
    }

    @Test func recordingsAreRedactedUnlessRaw() throws {
        let standIn = try StandIn(scenario: Self.scenarioWithSecrets().json)
        let directory = TemporaryDirectory()
        let redacted = directory.file("redacted.jsonl")
        let raw = directory.file("raw.jsonl")
        let first = try runRollwatch(["record", "deploy/checkout", "-o", redacted, "--for", "2s", "--kubeconfig", standIn.kubeconfig])
        #expect(first.status == .exited(0), "\(first.stderrText)")
        let text = try #require(readText(redacted))
        #expect(text.contains("checkout-aaa-1"), "the pod is recorded")
        #expect(text.contains("DB_PASSWORD"), "env names stay")
        #expect(text.contains("sidecar.istio.io/status"), "annotations rollwatch reads stay")
        #expect(!text.contains(Self.secretValue))
        #expect(!text.contains(Self.lastApplied))
        #expect(!text.contains("managedFields"))
        #expect(!text.contains("/bin/app"))

        let second = try runRollwatch(["record", "deploy/checkout", "-o", raw, "--for", "2s", "--record-raw", "--kubeconfig", standIn.kubeconfig])
        #expect(second.status == .exited(0))
        #expect(second.stderrText.contains("warning: --record-raw keeps secrets"))
        let rawText = try #require(readText(raw))
        #expect(rawText.contains(Self.secretValue))
        #expect(rawText.contains(Self.lastApplied))
        #expect(rawText.contains("managedFields"))
        #expect(rawText.hasPrefix(#"{"rollwatch":"recording","version":1,"#) && rawText.contains(#""redacted":false"#))

        // Both report the same pod the same way: redaction keeps what rules read.
        let fromRedacted = try JSONParser().parse(try runRollwatch(["report", redacted, "--format", "json"]).stdout)
        let fromRaw = try JSONParser().parse(try runRollwatch(["report", raw, "--format", "json"]).stdout)
        #expect(fromRedacted["pods"] == fromRaw["pods"])
        #expect(fromRedacted["findings"].array.count == fromRaw["findings"].array.count)
    }

    @Test(arguments: [SIGHUP, SIGTERM, SIGINT])
    func aSignalMidRecordingLeavesAReplayableFileAndNoKubectl(signal: Int32) throws {
        let seed = SeedScenarios.rolloutRestartOnGKE
        let standIn = try StandIn(scenario: seed.scenario.json)
        let directory = TemporaryDirectory()
        let file = directory.file("session.jsonl.gz")
        let recorder = try ChildProcess.spawn(Paths.rollwatchBinary, ["record", "-o", file, "--kubeconfig", standIn.kubeconfig])
        // Wait (bounded, polling) until kubectl children stream, as seen in the process list; a
        // recorder that ended stops the wait at once. Either way the signal below would test nothing.
        var ended: Runtime.ExitStatus?
        let streaming = waitUntil(timeout: 30) {
            ended = recorder.reapIfExited()
            return ended != nil || kubectlChildren(of: standIn.kubeconfig).count >= TestTransport.streamingKubectls(3)
        }
        try #require(ended == nil, "rollwatch record ended early: \(ended.map { "\($0)" } ?? "")")
        try #require(streaming, "rollwatch record started its kubectl streams within 30 s")
        #expect(standIn.waitUntilDone(), "the scenario played")
        recorder.send(signal)
        let result = try #require(recorder.collectOutput(timeout: 30), "rollwatch ended after the signal")
        #expect(result.status == .exited(0), "\(result.stderrText)")
        #expect(result.stderrText.contains("stopped by signal \(signal)"))
        #expect(kubectlChildren(of: standIn.kubeconfig).isEmpty, "no kubectl outlives rollwatch")

        let report = try runRollwatch(["report", file, "--format", "json"])
        #expect(report.status == .exited(1), "the recording has the seed's warning: \(report.stderrText)")
        #expect(report.stderrText.isEmpty, "nothing cut: \(report.stderrText)")
        let json = try JSONParser().parse(report.stdout)
        #expect(json["findings"].array.map { $0["rule"].string ?? "" }.sorted() == ["neg-gate-without-health-check", "no-drain-delay"])
        #expect(json["streams"].array.allSatisfy { $0["resource"].string != nil })
    }

    @Test func brokenFilesAreOneLineErrorsOrWarnings() throws {
        let directory = TemporaryDirectory()
        let header = #"{"rollwatch":"recording","version":1,"created":"2026-11-21T10:00:00Z","namespace":"shop","redacted":true}"#
        let pod = #"{"t":"2026-11-21T10:00:01.000000Z","src":"pods","ev":{"type":"ADDED","object":{"metadata":{"name":"p1","namespace":"shop","uid":"u1"},"status":{"phase":"Running"}}}}"#
        let cut = directory.write("cut.jsonl", header + "\n" + pod + "\n" + String(pod.prefix(70)))
        let result = try runRollwatch(["report", cut, "--format", "json", "--fail-on", "critical"])
        #expect(result.status == .exited(0))
        #expect(result.stderrText.contains("the last line (3) is cut after 70 bytes; skipped it"), "\(result.stderrText)")
        #expect(try JSONParser().parse(result.stdout)["pods"].array.map { $0["name"] } == ["p1"])

        let cases: [(String, String, String)] = [
            ("empty.jsonl", "", "is empty, not a rollwatch recording"),
            ("notjson.jsonl", "hello\nworld\n", "is not a rollwatch recording (line 1 is not JSON)"),
            ("other.json", #"{"kind":"Pod"}"# + "\n", "is not a rollwatch recording"),
            ("future.jsonl", #"{"rollwatch":"recording","version":7}"# + "\n", "is a version 7 recording; this rollwatch reads version 1"),
        ]
        for (name, content, message) in cases {
            let path = directory.write(name, content)
            let result = try runRollwatch(["report", path])
            #expect(result.status == .exited(2), "\(name)")
            #expect(result.stderrText.contains(message), "\(name): \(result.stderrText)")
            #expect(result.stderrText.split(separator: "\n").count == 1, "\(name): one line")
        }
        let missing = try runRollwatch(["report", directory.file("nope.jsonl")])
        #expect(missing.status == .exited(2))
        #expect(missing.stderrText.contains("is neither a recording file nor a target"))
    }

    @Test func filesAre0600AndNeverOverwrittenWithoutForce() throws {
        let standIn = try StandIn(scenario: Self.scenarioWithSecrets().json)
        let directory = TemporaryDirectory()
        let file = directory.file("s.jsonl")
        let record = ["record", "-o", file, "--for", "1s", "--kubeconfig", standIn.kubeconfig]
        #expect(try runRollwatch(record).status == .exited(0))
        var info = stat()
        #expect(stat(file, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)

        directory.write("keep.jsonl", "precious\n")
        let refused = try runRollwatch(["record", "-o", directory.file("keep.jsonl"), "--for", "1s", "--kubeconfig", standIn.kubeconfig])
        #expect(refused.status == .exited(2))
        #expect(refused.stderrText.contains("exists; pass --force to replace it"))
        #expect(readText(directory.file("keep.jsonl")) == "precious\n")

        #expect(symlink(directory.file("keep.jsonl"), directory.file("link.jsonl")) == 0)
        let throughLink = try runRollwatch(["record", "-o", directory.file("link.jsonl"), "--force", "--for", "1s",
                                            "--kubeconfig", standIn.kubeconfig])
        #expect(throughLink.status == .exited(2))
        #expect(throughLink.stderrText.contains("is a symbolic link; refusing to write through it"))
        #expect(readText(directory.file("keep.jsonl")) == "precious\n")

        chmod(directory.file("keep.jsonl"), 0o644)
        let forced = try runRollwatch(["record", "-o", directory.file("keep.jsonl"), "--force", "--for", "1s",
                                       "--kubeconfig", standIn.kubeconfig])
        #expect(forced.status == .exited(0))
        #expect(readText(directory.file("keep.jsonl"))?.hasPrefix(#"{"rollwatch":"recording""#) == true)
        #expect(stat(directory.file("keep.jsonl"), &info) == 0 && info.st_mode & 0o777 == 0o600)
    }
}
}

