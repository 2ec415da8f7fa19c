#if canImport(Glibc)
import Glibc
#endif
import JSONLite
import Runtime
import Testing
import TestSupport

/// The live view ended by a signal or by its terminal going away (an SSH drop):
/// the terminal is given back as it was, the recording is complete, and no
/// kubectl survives, as the process list shows (issue 7).
extension EndToEndSecondLane {
@Suite struct TerminalSignalTests {
    /// A rollout that keeps changing while the signal comes.
    static func scenario() -> Scenario {
        let labels = ["app": "web"]
        var scenario = Scenario(watchSeconds: 0)
        scenario.initial = [Objects.replicaSet("web-aaa", deployment: "web", revision: 1, labels: labels),
                            Objects.pod("web-aaa-1", replicaSet: "web-aaa", labels: labels)]
        for index in 2...40 {
            scenario.apply(Objects.pod("web-aaa-\(index)", replicaSet: "web-aaa", labels: labels), at: Double(index) * 0.25)
        }
        return scenario
    }

    struct Running {
        let standIn: StandIn
        let tmux: Tmux
        let recording: String
        let rollwatch: Int32
        let directory: TemporaryDirectory
    }

    static func startView() throws -> Running {
        let standIn = try StandIn(scenario: scenario().json)
        let directory = TemporaryDirectory()
        let recording = directory.file("session.jsonl.gz")
        let tmux = try Tmux(width: 100, height: 30)
        tmux.type("\(Paths.rollwatchBinary) --kubeconfig \(standIn.kubeconfig) --record \(recording)")
        _ = try #require(tmux.waitFor("web-aaa-3"), "the view is up and receiving:\n\(tmux.capture())")
        let pid = try #require(rollwatchProcesses(using: standIn.kubeconfig).first)
        #expect(kubectlChildren(of: standIn.kubeconfig).count >= TestTransport.streamingKubectls(3), "kubectl streams run")
        return Running(standIn: standIn, tmux: tmux, recording: recording, rollwatch: pid, directory: directory)
    }

    /// The recording reads with no warning (no cut line) and has the pods seen before the end.
    static func expectCompleteRecording(_ running: Running, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try runRollwatch(["report", running.recording, "--format", "json"])
        #expect(report.stderrText.isEmpty, "nothing cut: \(report.stderrText)", sourceLocation: sourceLocation)
        let json = try JSONParser().parse(report.stdout)
        let names = Set(json["pods"].array.compactMap { $0["name"].string })
        #expect(names.isSuperset(of: ["web-aaa-1", "web-aaa-2", "web-aaa-3"]), "\(names.sorted())", sourceLocation: sourceLocation)
        #expect(json["streams"].array.contains { $0["resource"] == "pods" }, sourceLocation: sourceLocation)
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP, SIGQUIT])
    func aSignalRestoresTheTerminalAndEndsEveryKubectl(signal: Int32) throws {
        let running = try Self.startView()
        #expect(kill(running.rollwatch, signal) == 0)
        #expect(waitUntilGone([running.rollwatch]), "rollwatch ends on signal \(signal)")
        #expect(kubectlChildren(of: running.standIn.kubeconfig).isEmpty, "no kubectl outlives rollwatch")
        let tmux = running.tmux
        // The shell is back on the normal screen, in canonical mode with echo.
        try expectShellModesRestored(tmux)
        #expect(!tmux.capture().contains("POD"), "the alternate screen is gone")
        #expect(tmux.alternateScreen == false)
        try Self.expectCompleteRecording(running)
    }

    /// A crash (here SIGSEGV sent from outside, as a bad pointer would raise it) runs
    /// none of the code that ends children: the crash path sends each child's process
    /// group SIGTERM, so no kubectl (the proxy above all) serves on, and restores the terminal.
    @Test func aCrashEndsEveryKubectlAndRestoresTheTerminal() throws {
        let running = try Self.startView()
        #expect(!kubectlChildren(of: running.standIn.kubeconfig).isEmpty, "the view has its kubectl")
        #expect(kill(running.rollwatch, SIGSEGV) == 0)
        #expect(waitUntilGone([running.rollwatch]), "rollwatch dies of the signal")
        #expect(waitUntil(timeout: 5, interval: 0.05) { kubectlChildren(of: running.standIn.kubeconfig).isEmpty },
                "no kubectl outlives the crash: \(kubectlChildren(of: running.standIn.kubeconfig))")
        try expectShellModesRestored(running.tmux)
        #expect(running.tmux.alternateScreen == false)
    }

    /// tmux kill-server closes the pane's terminal: what an SSH drop does to a session.
    @Test func closingTheTerminalEndsEverything() throws {
        let running = try Self.startView()
        running.tmux.killServer()
        #expect(waitUntilGone([running.rollwatch]), "rollwatch ends when its terminal goes")
        #expect(kubectlChildren(of: running.standIn.kubeconfig).isEmpty, "no kubectl outlives rollwatch")
        try Self.expectCompleteRecording(running)
    }
}
}
