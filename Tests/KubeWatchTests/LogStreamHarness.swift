#if canImport(Glibc)
import Glibc
#endif
import KubeModel
import KubeWatch
import Runtime

/// One LogStream over a scripted kubectl (the exec transport, real pipes) and a
/// clock the test moves: resume, backoff and dedupe in milliseconds.
final class LogStreamHarness {
    let kubectl = ScriptedKubectl()
    let request = LogStreamRequest(namespace: "shop", pod: "web-1", container: "istio-proxy")
    private let time = LogTestTime()
    private let received = LogReceived()
    let stream: LogStream

    init(since: Timestamp? = nil, maximumLineBytes: Int = 64 << 10, transport: (any StreamTransport)? = nil,
         onOutput: ((LogStreamOutput, LogStream) -> Void)? = nil) {
        let time = self.time
        let received = self.received
        let transport = transport ?? ExecTransport(kubectl: Kubectl(executable: "kubectl"), launcher: kubectl)
        var stream: LogStream?
        stream = LogStream(namespace: request.namespace, pod: request.pod, container: request.container, transport: transport,
                           clock: StreamClock(wall: { time.wall }, monotonic: { time.now }), since: since,
                           maximumLineBytes: maximumLineBytes) { output in
            received.outputs.append(output)
            if let stream { onOutput?(output, stream) }
        }
        self.stream = stream!
    }

    var now: MonotonicInstant { time.now }
    var wall: Timestamp { time.wall }

    func advance(_ seconds: Double) {
        time.now = time.now.adding(seconds)
        time.wall = time.wall.adding(seconds: seconds)
    }

    func start() {
        stream.start(now: now)
        fireDeadline()
    }

    /// Moves the clock to the stream's next deadline and hands it over, as the loop would.
    func fireDeadline() {
        guard let due = stream.nextDeadline else { return }
        if due > now { advance(due.seconds - now.seconds) }
        stream.handleDeadline(now: now)
    }

    /// Hands the stream every descriptor that is ready now, until none is, as the loop would.
    func deliver() {
        for _ in 0..<1000 {
            var descriptors = stream.pollDescriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard !descriptors.isEmpty, poll(&descriptors, nfds_t(descriptors.count), 0) > 0 else { return }
            for descriptor in descriptors where descriptor.revents != 0 {
                stream.handleReadable(descriptor.fd, now: now)
            }
        }
    }

    var secondsToNextDeadline: Double? { stream.nextDeadline.map { $0.seconds - now.seconds } }

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

private final class LogTestTime {
    var now = MonotonicInstant(seconds: 1_000)
    var wall = Timestamp(seconds: 1_780_000_000)
}

private final class LogReceived {
    var outputs: [LogStreamOutput] = []
}
