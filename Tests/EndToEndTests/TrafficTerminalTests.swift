import JSONLite
import KubeModel
import Runtime
import Testing
import TestSupport

/// Issue 15's view in a real terminal: seed 001 with traffic served by the stand-in,
/// read through the real kubectl with `--access-logs --access-logs-from …`, drawn by
/// the real ncurses in tmux. The errors lane, the race's count, the header's last
/// minute and the unexplained row must be on screen; a recording of the same session
/// must replay to the same.
extension EndToEnd {
@Suite struct TrafficTerminalTests {
    static let seed = TrafficScenarios.seed001WithTraffic
    static let flags = "--access-logs --access-logs-from \(TrafficScenarios.gateway)"

    /// What the view must show once the scenario's logs are in: the race's four failed
    /// requests (counted once across the gateway and the pod) and the healthy pod's one.
    static func expectTrafficOnScreen(_ tmux: Tmux) throws {
        // The race's pod is selected (the view follows the worst open hazard); its detail has the errors lane.
        let detail = try #require(tmux.waitFor { screen in
            let lines = screen.split(separator: "\n")
            return lines.contains { $0.contains("│ errors ") && $0.contains("░") } && screen.contains("requests failed during this window")
                && lines.first.map { $0.contains("failed/1m") && !$0.contains("✕ 0 failed/1m") } == true
        }, "the errors lane, the race's count and the header's last minute:\n\(tmux.capture())")
        #expect(detail.contains(TrafficScenarios.newPod))

        tmux.send("f")
        let list = try #require(tmux.waitFor { screen in
            screen.contains("4 of 4 failed: 503 UF,URX×4") && screen.contains("UNEXPLAINED")
        }, "the findings list counts and the unexplained row:\n\(tmux.capture())")
        #expect(list.contains("unexplained failures") && list.contains(TrafficScenarios.healthyPod), "\(list)")
        #expect(list.contains("1 failed: 503 UF,URX×1"), "\(list)")
    }

    @Test func liveViewShowsTheErrorsLaneAndTheCounts() throws {
        let standIn = try StandIn(scenario: Self.seed.scenario.json)
        let tmux = try Tmux(width: 120, height: 40)
        tmux.type("\(Paths.rollwatchBinary) --kubeconfig \(standIn.kubeconfig) \(Self.flags)")
        try Self.expectTrafficOnScreen(tmux)
        tmux.send("q")
        #expect(tmux.waitFor("READY$") != nil)
        // The log streams' kubectls (one each with ROLLWATCH_TRANSPORT=exec) get SIGTERM as the
        // view quits and may take a moment to go: gone within 5 s, none left behind.
        #expect(waitUntil(timeout: 5) { kubectlChildren(of: standIn.kubeconfig).isEmpty },
                "no kubectl outlives the view: \(kubectlChildren(of: standIn.kubeconfig))")
    }

    @Test func aRecordingWithLogsReplaysToTheSameView() throws {
        let standIn = try StandIn(scenario: Self.seed.scenario.json)
        let directory = TemporaryDirectory()
        let file = directory.file("traffic.jsonl")
        let recorded = try runRollwatch(["record", "-o", file, "--for", "\(Self.seed.seconds)s", "--kubeconfig", standIn.kubeconfig,
                                         "--access-logs", "--access-logs-from", TrafficScenarios.gateway])
        #expect(recorded.status == .exited(0), "\(recorded.stderrText)")
        let tmux = try Tmux(width: 120, height: 40)
        tmux.type("\(Paths.rollwatchBinary) replay \(file) --speed 4")
        try Self.expectTrafficOnScreen(tmux)
        tmux.send("q")
        #expect(tmux.waitFor("READY$") != nil)
    }
}
}
