#if canImport(Glibc)
import Glibc
#endif
import JSONLite
import KubeModel
import Runtime
import Testing
import TestSupport

/// Issue 17, part 1: rollwatch on a bastion, reached through a real SSH session
/// (`ssh -tt` from inside tmux to sshd on 127.0.0.1). Stopping the ssh client
/// stalls the link as a dead network does; once the link's buffers (about 1 MiB)
/// are full, a view that wrote its frames blocking would stop reading kubectl.
/// The link is filled on purpose: SIGWINCH makes the far side repaint its whole
/// 200×60 screen, until sshd's unsent bytes stop growing. A slow link (9600 baud,
/// through `SlowLink`) has its own tests in StalledLinkTests+SlowLink.swift.
extension EndToEndAlone {
@Suite(.serialized) struct StalledLinkTests {
    /// A far-side live view with `--record`, in a 200×60 pane, through SSH.
    final class FarSide {
        let standIn: StandIn
        let ssh: SSHServer
        let tmux: Tmux
        let directory: TemporaryDirectory
        let recording: String
        let rollwatch: Int32
        let client: Int32
        /// The relay the session goes through, when the link is to be slow.
        let link: SlowLink?

        init(scenario: Scenario, waitingFor text: String, slowLink: Bool = false) throws {
            standIn = try StandIn(scenario: scenario.json)
            ssh = try SSHServer()
            link = slowLink ? try SlowLink(to: ssh.port) : nil
            directory = TemporaryDirectory()
            recording = directory.file("session.jsonl")
            tmux = try Tmux(width: 200, height: 60)
            // ssh under a shell without job control: under the interactive one a stopped ssh
            // would lose the terminal to it, and as the pane's own process tmux would
            // continue it at once (tmux sends SIGCONT to a pane process that stops).
            let command = ssh.clientCommand("exec env LANG=C.UTF-8 \(Paths.rollwatchBinary) --kubeconfig \(standIn.kubeconfig) --record \(recording)", through: link?.port)
            tmux.type("exec sh -c \"\(command); true\"")
            _ = try #require(tmux.waitFor(text, timeout: 30), "the far side's view is up:\n\(tmux.capture())")
            rollwatch = try #require(rollwatchProcesses(using: standIn.kubeconfig).first)
            client = try #require(ssh.clients.first)
        }

        /// A test that failed half-way leaves no stopped client nor far side behind:
        /// the dropped connection ends the far side (SIGHUP), as its own test checks.
        deinit {
            kill(client, SIGCONT)
            kill(client, SIGKILL)
            _ = waitUntilGone([rollwatch])
        }

        /// Stops the ssh client and repaints the far side until the link holds all it
        /// can: sshd's unsent bytes non-zero and unchanged over 0.3 s.
        func stallAndFill() -> Int? {
            kill(client, SIGSTOP)
            return repaintUntilSteady { ssh.unsentBytes() ?? 0 }
        }

        /// The far side's sshd: the process that reads its pty and sends it down the link.
        var sshdSession: Int32? { Processes.parent(of: rollwatch) }

        /// Slows the link to 9600 baud and repaints the far side until sshd stops
        /// reading its pty (its channel window is spent, so the pty is full): the bytes
        /// sshd has read, unchanged over 0.3 s while the far side repaints.
        func slowAndFill() -> Int? {
            link?.limit()
            guard let sshd = sshdSession else { return nil }
            return repaintUntilSteady { Processes.bytesMoved(sshd)?.read ?? 0 }
        }

        /// SIGWINCH makes the far side repaint its whole screen, every 20 ms, until
        /// `measure` is non-zero and the same 15 times running; returns that value.
        private func repaintUntilSteady(_ measure: () -> Int) -> Int? {
            var last = -1
            var steady = 0
            var filled: Int?
            _ = waitUntil(timeout: 30, interval: 0.02) {
                kill(rollwatch, SIGWINCH)
                let value = measure()
                steady = value > 0 && value == last ? steady + 1 : 0
                last = value
                if steady >= 15 { filled = value }
                return filled != nil
            }
            return filled
        }

        /// The receive times of the recording's pod watch events.
        func podEventTimes() -> [Timestamp] {
            (readText(recording) ?? "").split(separator: "\n").compactMap { line in
                guard line.contains(#""src":"pods","ev":"#), let json = try? JSONParser().parse(Array(line.utf8)) else { return nil }
                return json["t"].string.flatMap(Timestamp.init(rfc3339:))
            }
        }
    }

    /// 2,000 pods changing 50 times a second (the issue's measurement), for `seconds`.
    static func churn(seconds: Double) -> Scenario {
        .churning(pods: 2000, rate: 50, seconds: seconds)
    }

    @Test func aStalledLinkNeverStallsIngestAndQIsAnsweredOnceItIsBack() throws {
        let far = try FarSide(scenario: Self.churn(seconds: 120), waitingFor: "web-aaa-1")
        #expect(waitUntil(timeout: 30) { far.podsSent() > 50 }, "the churn started")
        let stallStart = Timestamp.now()
        let filled = far.stallAndFill()
        #expect(filled != nil, "the link filled up (sshd's unsent bytes stopped growing)")
        print("link full with \(filled ?? 0) bytes unsent by sshd, \(Timestamp.now().seconds(since: stallStart)) s after the stop")
        // The stall lasts 20 s, as in the issue; the far side must keep reading kubectl throughout.
        _ = waitUntil(timeout: 40) { Timestamp.now().seconds(since: stallStart) >= 20 }
        #expect(kill(far.rollwatch, 0) == 0, "the far side runs on")
        let stallEnd = Timestamp.now()
        kill(far.client, SIGCONT)
        let back = MonotonicInstant.now()
        far.tmux.send("q")
        #expect(waitUntilGone([far.rollwatch], timeout: 10), "q ends the far side:\n\(far.tmux.capture())")
        let answered = MonotonicInstant.now().seconds - back.seconds
        print("q answered \(answered) s after SIGCONT")
        #expect(answered < 1, "q answered within a second of the link coming back (\(answered) s)")

        let times = far.podEventTimes().filter { $0 >= stallStart && $0 <= stallEnd }
        let edges = [stallStart] + times + [stallEnd]
        let gap = zip(edges, edges.dropFirst()).map { $1.seconds(since: $0) }.max() ?? 99
        print("during the \(stallEnd.seconds(since: stallStart)) s stall: \(times.count) pod events recorded, longest gap \(gap) s")
        #expect(gap <= 1, "no gap over 1 s in the recording's receive times during the stall (longest \(gap) s)")
        #expect(times.count >= 800, "about 50 a second recorded through the stall: \(times.count)")
        #expect(kubectlChildren(of: far.standIn.kubeconfig).isEmpty, "no kubectl left")
    }

    @Test func aDroppedConnectionEndsTheFarSideWithItsRecordingComplete() throws {
        let far = try FarSide(scenario: Self.churn(seconds: 60), waitingFor: "web-aaa-1")
        #expect(waitUntil(timeout: 30) { far.podsSent() > 50 }, "the churn started")
        kill(far.client, SIGKILL)
        #expect(waitUntilGone([far.rollwatch]), "the far side ends (SIGHUP) when the connection drops")
        #expect(kubectlChildren(of: far.standIn.kubeconfig).isEmpty, "no kubectl outlives it")
        let report = try runRollwatch(["report", far.recording, "--format", "json"])
        #expect(report.stderrText.isEmpty, "the recording ends with whole lines: \(report.stderrText)")
        let json = try JSONParser().parse(report.stdout)
        #expect(json["pods"].array.count == 2000, "every pod in the report")
        let text = readText(far.recording) ?? ""
        #expect(text.contains(#""src":"pods","stream":"ended""#), "each stream's ended line is written")
    }

    /// A seed incident played while the link is stalled gives the findings a live link gives
    /// (SeedEndToEndTests): the same rules, pods and severities, windows within 0.5 s of
    /// the seed's, measured from the first finding's start.
    @Test func aSeedUnderAStalledLinkFindsWhatALiveLinkFinds() throws {
        let seed = SeedScenarios.trafficBeforeReady
        let delay = 10.0
        var scenario = seed.scenario
        // The seed starts once the link is full: its steps move `delay` seconds later.
        scenario.steps = scenario.steps.map { $0.setting(["at"], to: .number(($0["at"].double ?? 0) + delay)) }
        let far = try FarSide(scenario: scenario, waitingFor: "POD")
        let filled = far.stallAndFill()
        #expect(filled != nil, "the link filled up")
        #expect(far.standIn.waitUntilDone(timeout: 60), "the seed played while the link was stalled")
        // Its last window closes on the rules' thresholds, after the last step.
        _ = waitUntil(timeout: 10) { far.podEventTimes().last.map { Timestamp.now().seconds(since: $0) >= 3 } ?? false }
        kill(far.client, SIGCONT)
        far.tmux.send("q")
        #expect(waitUntilGone([far.rollwatch]), "q ends the far side")
        let result = try runRollwatch(["report", far.recording, "--format", "json", "--kubeconfig", far.standIn.kubeconfig])
        let report = try JSONParser().parse(result.stdout)
        let found = report["findings"].array.sorted { ($0["rule"].string ?? "") < ($1["rule"].string ?? "") }
        let expected = seed.expected.sorted { $0.rule < $1.rule }
        #expect(found.map { "\($0["rule"].string ?? "") \($0["severity"].string ?? "") \($0["pod"].string ?? "")" }
                == expected.map { "\($0.rule) \($0.severity) \($0.pod)" }, "\(report["findings"].serialized())")
        // The windows, from the first finding's start (the stand-in's clock started long
        // before the far side did), within 0.5 s: both ends are receive times of this run, so
        // only their jitter counts (a few ms when measured); a view that stopped reading
        // kubectl while stalled would stamp the whole seed at the moment the link came back.
        func time(_ value: JSON) -> Timestamp? { value.string.flatMap(Timestamp.init(rfc3339:)) }
        let origin = try #require(found.compactMap { time($0["start"]) }.min())
        let wantOrigin = expected.map(\.start).min() ?? 0
        for (finding, want) in zip(found, expected) {
            let start = time(finding["start"]).map { $0.seconds(since: origin) } ?? -99
            let end = time(finding["end"]).map { $0.seconds(since: origin) }
            print("\(want.rule): start \(start) s (want \(want.start - wantOrigin)), end \(end.map { "\($0)" } ?? "open")"
                  + " (want \(want.end.map { "\($0 - wantOrigin)" } ?? "open"))")
            #expect(abs(start - (want.start - wantOrigin)) <= 0.5, "\(want.rule) start \(finding["start"])")
            if let wantEnd = want.end {
                #expect(abs((end ?? -99) - (wantEnd - wantOrigin)) <= 0.5, "\(want.rule) end \(finding["end"])")
            } else {
                #expect(end == nil, "\(want.rule) is still open")
            }
        }
    }
}
}
