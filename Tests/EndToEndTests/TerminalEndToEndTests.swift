import JSONLite
import KubeModel
import Runtime
import Testing
import TestSupport

/// The real binary in a real terminal (tmux), typed at as a user would.
extension EndToEnd {
@Suite struct TerminalEndToEndTests {
    /// A seed-001 rollout that keeps going long enough to look around in.
    static func trafficBeforeReady() -> SeedScenario { SeedScenarios.trafficBeforeReady }

    @Test func liveViewSelectDetailFilterResizeHelpQuit() throws {
        let standIn = try StandIn(scenario: Self.trafficBeforeReady().scenario.json)
        let tmux = try Tmux(width: 100, height: 30)
        tmux.type("\(Paths.rollwatchBinary) --kubeconfig \(standIn.kubeconfig)")
        // Within a second of the endpoint racing ahead, the row and its rule are on screen.
        let first = try #require(tmux.waitFor("traffic-before-ready"), "the hazard shows:\n\(tmux.capture())")
        #expect(first.contains("LIVE"))
        #expect(first.contains("microservice-b-5d8f-qwert"))
        #expect(kubectlChildren(of: standIn.kubeconfig).count >= TestTransport.streamingKubectls(3), "kubectl streams run")

        tmux.send("j")
        tmux.send("k")
        tmux.send("Enter")
        let detail = try #require(tmux.waitFor("Readiness"), "the detail opens")
        #expect(detail.contains("Timeline"))
        tmux.send("Escape")
        tmux.send("/")
        tmux.send("-l", "micro")
        #expect(tmux.waitFor("/ micro") != nil, "the filter line shows what is typed")
        tmux.send("Enter")
        #expect(tmux.waitFor("/micro") != nil, "the applied filter stays in the footer")

        tmux.resize(width: 80, height: 24)
        let resized = try #require(tmux.waitFor { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            // The whole frame, not one caught half drawn: the header, the table and its filtered
            // pod, and the footer, drawn last (a capture between the table and it failed once).
            return lines.first?.contains("rollwatch") == true && lines.allSatisfy { $0.count <= 80 } && screen.contains("POD")
                && screen.contains("microservice-b") && screen.contains("/micro")
        }, "redrawn at 80x24, the filter kept:\n\(tmux.capture())")
        #expect(resized.contains("/micro"), "the filter survives the resize")

        tmux.send("?")
        #expect(tmux.waitFor("any key closes this") != nil)
        tmux.send("x")
        #expect(tmux.waitFor { !$0.contains("any key closes this") } != nil)

        tmux.send("q")
        let shell = try #require(tmux.waitFor("READY$"), "back at the shell:\n\(tmux.capture())")
        #expect(!shell.contains("POD"), "the alternate screen is gone")
        try expectShellModesRestored(tmux)
        #expect(kubectlChildren(of: standIn.kubeconfig).isEmpty, "no kubectl outlives the view")
    }

    /// The endpoint runs ahead of the app and then nothing else happens: the finding
    /// must open when the lag tolerance runs out, on the run loop's own timer.
    @Test func aThresholdOpensAFindingWithNoFurtherEvent() throws {
        let labels = ["app": "checkout"]
        var scenario = Scenario(watchSeconds: 0)
        scenario.initial = [Objects.deployment("checkout", labels: labels),
                            Objects.replicaSet("checkout-bbb", deployment: "checkout", revision: 2, labels: labels),
                            Objects.service("checkout", selector: labels)]
        scenario.apply(Objects.pod("checkout-bbb-1", replicaSet: "checkout-bbb", labels: labels, ready: false), at: 0.5)
        scenario.apply(Objects.endpointSlice("checkout-x1", service: "checkout", endpoints: [("checkout-bbb-1", true, true, false)]), at: 1)
        let standIn = try StandIn(scenario: scenario.json)
        let tmux = try Tmux(width: 100, height: 30)
        tmux.type("\(Paths.rollwatchBinary) deploy/checkout --kubeconfig \(standIn.kubeconfig)")
        #expect(tmux.waitFor("traffic-before-ready") != nil, "opened by the timer:\n\(tmux.capture())")
        tmux.send("q")
        #expect(tmux.waitFor("READY$") != nil)
    }

    @Test func replayPauseStepMarkerSpeedQuit() throws {
        let seed = SeedScenarios.rolloutRestartOnGKE
        let standIn = try StandIn(scenario: seed.scenario.json)
        let directory = TemporaryDirectory()
        let file = directory.file("s.jsonl")
        let recorded = try runRollwatch(["record", "-o", file, "--for", "\(seed.seconds)s", "--kubeconfig", standIn.kubeconfig])
        #expect(recorded.status == .exited(0), "\(recorded.stderrText)")

        let tmux = try Tmux(width: 100, height: 30)
        tmux.type("\(Paths.rollwatchBinary) replay \(file) --speed 0.25")
        #expect(tmux.waitFor("REPLAY 1/4×") != nil, "replay plays at the asked speed:\n\(tmux.capture())")
        tmux.send("Space")
        let paused = try #require(tmux.waitFor("PAUSED"))
        tmux.send("]")
        // The status line names the marker: "▶ " alone would match the selected row's cursor,
        // which is on screen before the key is handled.
        let markerLabels = ["▶ first new pod", "▶ last old pod gone", " opens on ", " ends on "]
        let marker = try #require(tmux.waitFor { screen in markerLabels.contains { screen.contains($0) } },
                                  "the next marker is named:\n\(tmux.capture())")
        #expect(marker != paused)
        tmux.send(".")
        tmux.send(",")
        tmux.send("9")
        #expect(tmux.waitFor("PAUSED 90%") != nil, "9 jumps to 90 %:\n\(tmux.capture())")
        tmux.send("Space")
        tmux.send("+")
        #expect(tmux.waitFor { $0.contains("REPLAY 1/2×") || $0.contains("end of the recording") } != nil, "speed changes while playing:\n\(tmux.capture())")
        tmux.send("q")
        #expect(tmux.waitFor("READY$") != nil)
    }

    @Test func vt100WithNoColorDrawsASCII() throws {
        let seed = SeedScenarios.trafficBeforeReady
        let standIn = try StandIn(scenario: seed.scenario.json)
        let directory = TemporaryDirectory()
        let file = directory.file("s.jsonl")
        _ = try runRollwatch(["record", "-o", file, "--for", "\(seed.seconds)s", "--kubeconfig", standIn.kubeconfig])

        let tmux = try Tmux(width: 80, height: 24)
        tmux.type("env TERM=vt100 NO_COLOR=1 LANG=C LC_ALL=C \(Paths.rollwatchBinary) replay \(file)")
        // While traffic-before-ready is open, its row is marked !! without colour.
        let screen = try #require(tmux.waitFor { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("!! microservice-b") }
        }, "the critical row is marked !!:\n\(tmux.capture())")
        #expect(screen.contains("traffic-before"))
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII }, "only ASCII in a C locale")
        tmux.send("q")
        #expect(tmux.waitFor("READY$") != nil)
    }
}
}
