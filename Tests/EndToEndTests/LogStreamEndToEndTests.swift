import JSONLite
import KubeModel
import KubeWatch
import Runtime
import Testing
import TestSupport

/// A LogStream through the session's transport (the one kubectl proxy, or kubectl
/// get --raw per request: ROLLWATCH_TRANSPORT) against the stand-in's pod logs, on a
/// real run loop: stamps as the kubelet writes them, a container still starting, a
/// follow ended mid-stream, a container restarted, a pod deleted.
extension EndToEnd {
@Suite struct LogStreamEndToEndTests {
    static let container = "istio-proxy"

    static func pod(_ state: String = "running", reason: String? = nil) -> JSON {
        Objects.pod("web-1", replicaSet: "web-aaa", labels: ["app": "web"], ready: state == "running",
                    containers: [["name": "app"], ["name": .string(container)]],
                    statuses: [Objects.containerStatus("app"), Objects.containerStatus(container, state: state, ready: state == "running", reason: reason)])
    }

    /// One stream, its transport and the loop they run on, and all it handed on.
    final class Harness {
        let standIn: StandIn
        let loop = RunLoop()
        let transport: SessionTransport
        private(set) var stream: LogStream!
        private(set) var outputs: [LogStreamOutput] = []
        /// Every `trouble` seen between slices of the loop.
        private(set) var troubles: Set<String> = []

        init(_ scenario: Scenario) throws {
            standIn = try StandIn(scenario: scenario.json)
            let kubectl = Kubectl(executable: Paths.kubectl, kubeconfig: standIn.kubeconfig)
            transport = SessionTransport(mode: TestTransport.usesProxy ? .proxy : .exec, kubectl: kubectl, loop: loop)
            stream = LogStream(namespace: "shop", pod: "web-1", container: LogStreamEndToEndTests.container,
                               transport: transport) { [unowned self] in self.outputs.append($0) }
            transport.onReady = { [unowned self] in self.stream.transportIsReady(now: .now()) }
            loop.add(stream)
            // The stand-in's timeline starts at the first pods list, as a session's would.
            _ = try kubectl.run(["get", "--raw", "/api/v1/namespaces/shop/pods"])
            transport.start()
            stream.start()
        }

        /// Runs the loop until `condition` holds, at most `timeout` seconds.
        @discardableResult
        func run(timeout: Double = 10, until condition: () -> Bool) -> Bool {
            let deadline = MonotonicInstant.now().adding(timeout)
            while !condition() {
                let now = MonotonicInstant.now()
                guard now < deadline else { return false }
                if let trouble = stream.trouble(now: now) { troubles.insert(trouble) }
                loop.run(until: min(deadline, now.adding(0.05)))
            }
            return true
        }

        var lines: [(line: LogLine, received: Timestamp)] {
            outputs.compactMap { if case .line(let line, let received) = $0 { return (line, received) } else { return nil } }
        }

        var texts: [String] { lines.map { String(decoding: $0.line.text, as: UTF8.self) } }

        func details(_ kind: LogStreamNotice.Kind) -> [String] {
            outputs.compactMap { if case .notice(let notice) = $0, notice.kind == kind { return notice.detail } else { return nil } }
        }

        /// Ends the stream and the transport, and checks that no kubectl is left behind.
        func finish(sourceLocation: SourceLocation = #_sourceLocation) {
            stream.stop()
            transport.stop()
            loop.children.endAll()
            #expect(waitUntilGone(kubectlChildren(of: standIn.kubeconfig)), "no kubectl left", sourceLocation: sourceLocation)
        }
    }

    @Test func linesArriveWithTheKubeletsStamps() throws {
        var scenario = Scenario()
        scenario.initial = [Self.pod()]
        scenario.log(["one"], pod: "web-1", container: Self.container, at: 0.2)
        scenario.log(["two", "three"], pod: "web-1", container: Self.container, at: 0.4)
        let started = Timestamp.now()
        let h = try Harness(scenario)
        defer { h.finish() }
        #expect(h.run { h.texts.count >= 3 }, "three lines: \(h.outputs)")
        #expect(h.texts == ["one", "two", "three"])
        let stamps = h.lines.map(\.line.stamp)
        #expect(stamps[0] < stamps[1] && stamps[1] == stamps[2], "the kubelet's stamps, two written at one instant: \(stamps)")
        #expect(h.lines.allSatisfy { started <= $0.line.stamp && $0.line.stamp <= $0.received })
        #expect(h.stream.lastStamp == stamps[2])
        #expect(h.details(.started).count == 1)
        #expect(h.outputs.contains { if case .notice(let notice) = $0 { return notice.transport == (TestTransport.usesProxy ? "proxy" : "exec") } else { return false } })
    }

    @Test func aContainerStillStartingIsRefusedThenFollowed() throws {
        var scenario = Scenario()
        scenario.initial = [Self.pod("waiting", reason: "PodInitializing")]
        scenario.patch("pods", "web-1", at: 1.5, merge: ["status": ["containerStatuses": [Objects.containerStatus("app"), Objects.containerStatus(Self.container)]]])
        scenario.log(["up"], pod: "web-1", container: Self.container, at: 2)
        let h = try Harness(scenario)
        defer { h.finish() }
        #expect(h.run { h.texts == ["up"] }, "its line once it runs: \(h.outputs)")
        #expect(h.details(.waiting) == [#"Error from server (BadRequest): container "istio-proxy" in pod "web-1" is waiting to start: PodInitializing"#])
        #expect(h.details(.error).isEmpty, "not an error")
        #expect(h.troubles.contains("waiting for the container to start"), "\(h.troubles)")
        #expect(!h.troubles.contains { $0.contains("BadRequest") }, "quietly: \(h.troubles)")
        #expect(try h.standIn.requests()["logs 400", default: 0] >= 1)
        #expect(h.stream.trouble(now: .now()) == nil)
    }

    @Test func aFollowEndedMidStreamResumesWithoutGapOrDuplicate() throws {
        var scenario = Scenario()
        scenario.initial = [Self.pod()]
        scenario.log(["a"], pod: "web-1", container: Self.container, at: 0.3)
        scenario.log(["b", "c"], pod: "web-1", container: Self.container, at: 0.6)
        scenario.endLogs(at: 1.5)
        // Written while no request is open (the stream asks again 0.25 s after the end at
        // the soonest): only sinceTime brings it.
        scenario.log(["d"], pod: "web-1", container: Self.container, at: 1.6)
        // Whether it comes in the resumed body's replay or after it, it comes after any repeat.
        scenario.log(["e"], pod: "web-1", container: Self.container, at: 2)
        let h = try Harness(scenario)
        defer { h.finish() }
        #expect(h.run { h.texts.count >= 5 }, "\(h.outputs)")
        #expect(h.texts == ["a", "b", "c", "d", "e"])
        #expect(h.details(.closed).count == 1)
        #expect(h.stream.repeatsDropped >= 2, "b and c, at the last stamp before the end, were sent again and dropped")
        #expect(try h.standIn.requests()["logs", default: 0] == 2)
    }

    @Test func aRestartedContainerIsFollowedOnAndADeletedPodEndsTheStream() throws {
        var scenario = Scenario()
        scenario.initial = [Self.pod()]
        scenario.log(["first life"], pod: "web-1", container: Self.container, at: 0.3)
        // The container restarts: the kubelet ends the follow, and serves the new instance's log.
        scenario.patch("pods", "web-1", at: 1, merge: ["status": ["containerStatuses": [Objects.containerStatus("app"),
                                                                                       Objects.containerStatus(Self.container, restarts: 1)]]])
        scenario.log(["second life"], pod: "web-1", container: Self.container, at: 1.5)
        scenario.delete("pods", "web-1", at: 2)
        let h = try Harness(scenario)
        defer { h.finish() }
        #expect(h.run { h.stream.isStopped }, "\(h.outputs)")
        #expect(h.texts == ["first life", "second life"])
        #expect(h.details(.closed).count == 2, "the restart and the delete each ended a follow")
        #expect(h.details(.ended) == [#"Error from server (NotFound): pods "web-1" not found"#])
        #expect(try h.standIn.requests()["logs 404", default: 0] == 1)
        #expect(h.stream.pollDescriptors.isEmpty && h.stream.nextDeadline == nil)
    }
}
}
