import JSONLite
import Runtime
import Testing
import TestSupport

/// A small edition of `make load` (issue 7): pods flipping readiness hundreds of
/// times a second through the stand-in and the real kubectl into the live view,
/// which must keep answering keys and record every event the server sent.
extension EndToEndAlone {
@Suite struct LoadTests {
    @Test func theViewAnswersAndTheRecordingKeepsEveryEvent() throws {
        let labels = ["app": "web"]
        var scenario = Scenario()
        scenario.initial = [Objects.replicaSet("web-aaa", deployment: "web", revision: 1, labels: labels)]
            + (1...500).map { Objects.pod("web-aaa-\($0)", replicaSet: "web-aaa", labels: labels) }
        scenario.steps.append(["at": 1, "op": "churn", "rate": 300, "seconds": 6])
        let standIn = try StandIn(scenario: scenario.json)
        let directory = TemporaryDirectory()
        let recording = directory.file("load.jsonl")
        let tmux = try Tmux(width: 120, height: 40)
        tmux.type("\(Paths.rollwatchBinary) --kubeconfig \(standIn.kubeconfig) --record \(recording)")
        #expect(tmux.waitFor("web-aaa-1") != nil, "\(tmux.capture())")
        // Keys are answered while the churn runs.
        #expect(waitUntil(timeout: 20) { ((try? standIn.requests()) ?? [:])["pods sent", default: 0] > 300 }, "the churn started")
        tmux.send("?")
        #expect(tmux.waitFor("any key closes this", timeout: 5) != nil, "help drawn under load:\n\(tmux.capture())")
        tmux.send("x")
        #expect(standIn.waitUntilDone(), "the churn ended")
        let sent = try standIn.requests()["pods sent", default: 0]
        #expect(sent == 1800)
        // Every event the server sent reaches the file (bounded wait while the pipe drains).
        #expect(waitUntil(timeout: 20) { Self.recordedPodEvents(recording) == sent },
                "\(Self.recordedPodEvents(recording)) of \(sent) recorded")
        tmux.send("q")
        #expect(waitUntilGone(rollwatchProcesses(using: standIn.kubeconfig)))
        #expect(Self.recordedPodEvents(recording) == sent, "and still all of them once closed")
    }

    /// Watch events (not lists, not stream lines) from the pods stream in a recording.
    static func recordedPodEvents(_ path: String) -> Int {
        guard let text = readText(path) else { return 0 }
        return text.split(separator: "\n").filter { $0.contains(#""src":"pods","ev":{"type""#) }.count
    }
}
}
