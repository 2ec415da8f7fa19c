import KubeModel
import KubeWatch
import Runtime

/// One LogStream over a scripted kubectl (the exec transport, real pipes) and a
/// clock the test moves: resume, backoff and dedupe in milliseconds.
final class LogStreamHarness {
    let kubectl = ScriptedKubectl()
    let request = LogStreamRequest(namespace: "shop", pod: "web-1", container: "istio-proxy")
    private let loop = TestLoop()
    private let received = LogReceived()
    let stream: LogStream

    init(since: Timestamp? = nil, maximumLineBytes: Int = 64 << 10, transport: (any StreamTransport)? = nil,
         onOutput: ((LogStreamOutput, LogStream) -> Void)? = nil) {
        let received = self.received
        let transport = transport ?? ExecTransport(kubectl: Kubectl(executable: "kubectl"), launcher: kubectl)
        var stream: LogStream?
        stream = LogStream(namespace: request.namespace, pod: request.pod, container: request.container, transport: transport,
                           clock: loop.clock, since: since,
                           maximumLineBytes: maximumLineBytes) { output in
            received.outputs.append(output)
            if let stream { onOutput?(output, stream) }
        }
        self.stream = stream!
    }

    var now: MonotonicInstant { loop.now }
    var wall: Timestamp { loop.wall }

    func advance(_ seconds: Double) { loop.advance(seconds) }

    func start() {
        stream.start(now: now)
        fireDeadline()
    }

    func fireDeadline() { loop.fireDeadline(stream) }
    func deliver() { loop.deliver(stream) }
    var secondsToNextDeadline: Double? { loop.secondsToNextDeadline(stream) }

    var lines: [LogLine] {
        received.outputs.compactMap { if case .line(let line, _) = $0 { return line } else { return nil } }
    }

    var texts: [String] { lines.map { String(decoding: $0.text, as: UTF8.self) } }

    var overlongCount: Int {
        received.outputs.filter { if case .overlong = $0 { return true } else { return false } }.count
    }

    var notices: [LogStreamNotice] {
        received.outputs.compactMap { if case .notice(let notice) = $0 { return notice } else { return nil } }
    }

    func details(_ kind: LogStreamNotice.Kind) -> [String] {
        notices.filter { $0.kind == kind }.map(\.detail)
    }

    func arguments(since: String? = nil) -> [String] {
        ["get", "--raw", request.path(since: since.map { Timestamp(rfc3339: $0)! })]
    }
}

private final class LogReceived {
    var outputs: [LogStreamOutput] = []
}
