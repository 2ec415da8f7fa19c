#if canImport(Glibc)
import Glibc
#endif
import JSONLite
import KubeModel
import Runtime
import Testing
import TestSupport

/// `rollwatch demo` replays a recording built into the binary. It is made here,
/// by serving every seed through the stand-in and recording it with the real
/// kubectl (`make demo-recording`), so the demo shows each hazard as it really looks.
extension EndToEnd {
@Suite struct DemoRecordingTests {
    static let seeds = [SeedScenarios.sidecarNotReady, SeedScenarios.vaultInitBlocked, SeedScenarios.trafficBeforeReady,
                        SeedScenarios.rolloutRestartOnGKE]
    static let seedNamespaces = ["payments", "vault", "orders", "checkout"]

    /// Every seed in its own namespace, one after another.
    static func demoScenario() -> Scenario {
        var demo = Scenario(watchSeconds: 0)
        var offset = 1.0
        for (seed, namespace) in zip(seeds, seedNamespaces) {
            for object in seed.scenario.initial {
                demo.steps.append(["at": .number(offset), "op": "apply", "object": object.renamingNamespace(to: namespace)])
            }
            for step in seed.scenario.steps {
                var moved = step.renamingNamespace(to: namespace)
                moved = moved.setting(["at"], to: .number(offset + (step["at"].double ?? 0)))
                demo.steps.append(moved)
            }
            offset += Double(seed.seconds) + 3
        }
        return demo
    }

    /// Where the built-in recording lives: a data file SwiftPM embeds (Package.swift, DemoRecording).
    static var demoFile: String { Paths.packageRoot + "/Sources/DemoRecording/demo.jsonl" }

    /// `make demo-recording`: records the demo scenario again into `demoFile` (data, not code).
    @Test(.enabled(if: Environment.value("ROLLWATCH_REGENERATE_DEMO") != nil))
    func regenerateTheBuiltInDemoRecording() throws {
        let scenario = Self.demoScenario()
        let seconds = (scenario.steps.compactMap { $0["at"].double }.max() ?? 0) + 4
        let standIn = try StandIn(scenario: scenario.json)
        let directory = TemporaryDirectory()
        let file = directory.file("demo.jsonl")
        let result = try runRollwatch(["record", "-A", "-o", file, "--for", "\(Int(seconds))s", "--kubeconfig", standIn.kubeconfig],
                                      timeout: seconds + 60)
        // A failed run must not replace the demo with half a recording.
        try #require(result.status == .exited(0), "\(result.stderrText)")
        let text = try #require(readText(file))
        try #require(text.hasPrefix(#"{"rollwatch":"recording","version":1"#))
        writeText(text, to: Self.demoFile)
    }

    /// The demo as a user meets it first: every seed hazard is in it.
    @Test func theBuiltInDemoShowsEverySeedHazard() throws {
        let directory = TemporaryDirectory()
        let dump = try runRollwatch(["demo", "--dump"])
        #expect(dump.status == .exited(0))
        #expect(dump.stdout == readBytes(Self.demoFile), "the binary carries demo.jsonl byte for byte")
        let file = directory.write("demo.jsonl", dump.stdoutText)
        let report = try runRollwatch(["report", file, "--format", "json"])
        #expect(report.stderrText.isEmpty, "\(report.stderrText)")
        let json = try JSONParser().parse(report.stdout)
        let rules = Set(json["findings"].array.compactMap { $0["rule"].string })
        for rule in ["sidecar-not-ready", "init-blocked-by-mesh", "traffic-before-ready", "neg-gate-without-health-check", "no-drain-delay"] {
            #expect(rules.contains(rule), "the demo shows \(rule): \(rules.sorted())")
        }
        #expect(json["source"]["namespace"] == .null, "recorded across namespaces")
    }

    /// Installed as kubectl-rollwatch on PATH, `kubectl rollwatch …` runs it.
    @Test func worksAsAKubectlPlugin() throws {
        let directory = TemporaryDirectory()
        #expect(symlink(Paths.rollwatchBinary, directory.file("kubectl-rollwatch")) == 0)
        let path = directory.path + ":" + (Environment.value("PATH") ?? "/usr/bin:/bin")
        let child = try ChildProcess.spawn("env", ["PATH=\(path)", "kubectl", "rollwatch", "demo", "--dump"])
        let result = try #require(child.collectOutput(timeout: 60))
        #expect(result.status == .exited(0), "\(result.stderrText)")
        #expect(result.stdoutText.hasPrefix(#"{"rollwatch":"recording","version":1"#))
    }

    @Test func demoOpensInATerminalWithoutACluster() throws {
        let tmux = try Tmux(width: 100, height: 30)
        tmux.type("env KUBECONFIG=/nonexistent \(Paths.rollwatchBinary) demo --speed 4")
        let screen = try #require(tmux.waitFor("REPLAY 4×"), "the demo plays:\n\(tmux.capture())")
        #expect(screen.contains("demo"))
        tmux.send("q")
        #expect(tmux.waitFor("READY$") != nil)
    }
}
}

extension JSON {
    /// Every `"namespace": "shop"` member, at any depth, moved to `namespace`.
    func renamingNamespace(to namespace: String) -> JSON {
        switch self {
        case .object(let object):
            return .object(JSONObject(object.members.map { member in
                if member.key == "namespace", member.value == "shop" { return JSONObject.Member("namespace", .string(namespace)) }
                return JSONObject.Member(member.key, member.value.renamingNamespace(to: namespace))
            }))
        case .array(let items): return .array(items.map { $0.renamingNamespace(to: namespace) })
        default: return self
        }
    }
}
