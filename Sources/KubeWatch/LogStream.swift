import KubeModel
import Runtime

/// Follows the log of one container through the session's transport, the way
/// `kubectl logs -f --timestamps` would if it never gave up:
///
/// - `GET …/pods/NAME/log?container=C&follow=true&timestamps=true`, the body framed
///   into lines (`LogStreamFramer`) and each line's kubelet stamp parsed.
/// - When the body ends (the container restarted, the connection was cut) or the
///   request fails, it is made again after a backoff with `sinceTime` = the last stamp
///   seen (whole seconds: all the API server passes on), and the lines sent again are
///   dropped (`LogStreamReplay`): no gap, no duplicate.
/// - A container not started yet (400 "is waiting to start") is asked again soon and
///   quietly, a pod that is gone (404) ends the stream, anything else backs off.
///
/// Nothing blocks: the body arrives on descriptors the run loop polls.
public final class LogStream: PollSource {
    public let request: LogStreamRequest
    public var namespace: String { request.namespace }
    public var pod: String { request.pod }
    public var container: String { request.container }
    public let transport: any StreamTransport
    /// The latest kubelet stamp handed on (lines without one do not move it).
    public var lastStamp: Timestamp? { position?.stamp }
    /// The last failure, until lines flow again: what `trouble` says is wrong.
    public private(set) var lastFailure: String?
    /// True once the stream is over for good: the pod is gone, or `stop()`.
    public var isStopped: Bool {
        if case .stopped = phase { return true }
        return false
    }
    /// Lines the kubelet sent again on a resumed request, and dropped here.
    public private(set) var repeatsDropped = 0

    private let clock: StreamClock
    private let since: Timestamp?
    private let maximumLineBytes: Int
    private let emit: (LogStreamOutput) -> Void
    private var backoff = Backoff()
    /// A container starting takes seconds, not minutes: asked again often, never more than 5 s apart.
    private var startingBackoff = Backoff(initial: 0.5, cap: 5)
    private var phase: Phase = .idle
    private var position: LogStreamPosition?
    /// The API server's words while the container has not started, until lines flow.
    private var waitingToStart: String?

    /// A body open this long was a real stream, not a request refused or ended at once:
    /// its end resets the backoff.
    private let healthySeconds = 1.0

    private enum Phase {
        case idle
        case waiting(until: MonotonicInstant)
        /// Due, but the transport cannot take requests yet (the proxy is starting).
        case waitingForTransport
        case running(Run)
        case stopped
    }

    private final class Run {
        let transfer: any Transfer
        let startedAt: MonotonicInstant
        var framer: LogStreamFramer
        /// The lines this request sends again, to drop; nil on a first request without `since`.
        var replay: LogStreamReplay?
        var body: [UInt8] = []
        var receivedBytes = false
        var handedOnLines = false

        init(transfer: any Transfer, startedAt: MonotonicInstant, maximumLineBytes: Int, replay: LogStreamReplay?) {
            self.transfer = transfer
            self.startedAt = startedAt
            framer = LogStreamFramer(maximumLineBytes: maximumLineBytes)
            self.replay = replay
        }
    }

    /// - Parameters:
    ///   - since: the earliest line wanted (nil: the container's whole log); lines stamped
    ///     before it are dropped, as the kubelet would only to the second.
    ///   - maximumLineBytes: longer lines are dropped as they stream and reported `.overlong`.
    ///   - emit: called on the loop for each line and notice; it may call `stop()`.
    public init(namespace: String, pod: String, container: String, transport: any StreamTransport,
                clock: StreamClock = .system, since: Timestamp? = nil, maximumLineBytes: Int = 64 << 10,
                emit: @escaping (LogStreamOutput) -> Void) {
        request = LogStreamRequest(namespace: namespace, pod: pod, container: container)
        self.transport = transport
        self.clock = clock
        self.since = since
        self.maximumLineBytes = maximumLineBytes
        self.emit = emit
    }

    deinit {
        stop()
    }

    /// Makes the first request at once (or when the transport is ready). A stream
    /// started or stopped before is left as it is.
    public func start(now: MonotonicInstant = .now()) {
        guard case .idle = phase else { return }
        phase = .waiting(until: now)
    }

    /// For good (the pod is gone, or a cap): cancels the request, if one is running.
    public func stop() {
        if case .running(let run) = phase { run.transfer.cancel() }
        phase = .stopped
    }

    /// The transport can take requests again (the proxy serves): a stream that was due goes now.
    public func transportIsReady(now: MonotonicInstant) {
        if case .waitingForTransport = phase { launch(now: now) }
    }

    /// What is wrong with the stream now, in a few words for a status line, or nil.
    public func trouble(now: MonotonicInstant) -> String? {
        switch phase {
        case .running(let run) where isHealthy(run, now: now):
            return nil
        case .running, .waiting:
            if waitingToStart != nil { return "waiting for the container to start" }
            guard let lastFailure else { return nil }
            guard case .waiting(let until) = phase else { return "\(lastFailure) — retrying now" }
            return "\(lastFailure) — retrying in \(max(0, Int((until.seconds - now.seconds).rounded(.up))))s"
        case .waitingForTransport:
            return transport.notReadyReason(now: now)
        case .idle, .stopped:
            return nil
        }
    }

    // MARK: PollSource

    public var pollDescriptors: [Int32] {
        guard case .running(let run) = phase else { return [] }
        return run.transfer.pollDescriptors
    }

    /// Only the next request: a log is silent whenever the container is, so a quiet
    /// body is never given up.
    public var nextDeadline: MonotonicInstant? {
        guard case .waiting(let until) = phase else { return nil }
        return until
    }

    public func handleDeadline(now: MonotonicInstant) {
        guard case .waiting(let until) = phase, until <= now else { return }
        launch(now: now)
    }

    public func handleReadable(_ fd: Int32, now: MonotonicInstant) {
        guard case .running(let run) = phase else { return }
        run.body.removeAll(keepingCapacity: true)
        _ = run.transfer.read(fd, appendingTo: &run.body)
        if !run.body.isEmpty {
            run.receivedBytes = true
            run.framer.append(run.body)
            drainLines(run)
        }
        guard isCurrent(run), let outcome = run.transfer.outcome else { return }
        finish(run, outcome, now: now)
        // The body is over but the kubectl behind it not reaped yet: `transferEnded` finishes the run.
    }

    /// The transfer of `run` learnt its end outside a read (a kubectl reaped after its
    /// output ended): the run is over.
    private func transferEnded(_ run: Run) {
        guard isCurrent(run), let outcome = run.transfer.outcome else { return }
        finish(run, outcome, now: clock.monotonic())
    }

    // MARK: Requests

    private func launch(now: MonotonicInstant) {
        guard transport.isReady else {
            phase = .waitingForTransport
            return
        }
        // From the last line seen (its second: the kubelet's precision), or from `since`.
        let replay = position?.replay ?? since.map { LogStreamReplay(from: $0, alreadySeen: 0) }
        let sinceTime = replay?.from
        do {
            let transfer = try transport.open(request.path(since: sinceTime))
            let run = Run(transfer: transfer, startedAt: now, maximumLineBytes: maximumLineBytes, replay: replay)
            transfer.onOutcome = { [weak self, weak run] in
                guard let self, let run else { return }
                self.transferEnded(run)
            }
            phase = .running(run)
            // Asking again while the container starts is not news; the lines will be.
            if waitingToStart == nil {
                notice(.started, sinceTime.map { "log since \(LogStreamRequest.sinceTime($0))" } ?? "log", transport: transport.name)
            }
        } catch {
            fail(error.description, now: now)
        }
    }

    private func finish(_ run: Run, _ outcome: TransferOutcome, now: MonotonicInstant) {
        // A torn last line is dropped: the next request sends it again whole.
        run.framer.finish()
        if isHealthy(run, now: now) {
            // A body that stayed open: the container was running, whatever came before.
            backoff.reset()
            startingBackoff.reset()
            waitingToStart = nil
        }
        switch outcome {
        case .completed where !run.receivedBytes && !isHealthy(run, now: now):
            // What the API server answers for a pod not on a node yet: 200 and no log
            // (LogLocation has no kubelet to ask). The container is still to start.
            waitForContainer(Self.noNodeYet, now: now)
        case .completed:
            if isHealthy(run, now: now) { lastFailure = nil }
            schedule(after: backoff.nextDelay(), now: now)
            notice(.closed, "the server ended the log; resuming from the last line")
        case .failed(let words):
            switch LogStreamFailure(words) {
            case .containerNotStarted:
                waitForContainer(words, now: now)
            case .gone:
                phase = .stopped
                notice(.ended, words)
            case .other:
                waitingToStart = nil
                fail(words, now: now)
            }
        }
    }

    static let noNodeYet = "the API server sent an empty log: the pod has no node yet"

    /// The container has not started: asked again soon, and said once (until the words change).
    private func waitForContainer(_ words: String, now: MonotonicInstant) {
        let news = waitingToStart != words
        waitingToStart = words
        lastFailure = nil
        schedule(after: startingBackoff.nextDelay(), now: now)
        if news { notice(.waiting, words) }
    }

    /// Says what went wrong and tries again after the backoff delay.
    private func fail(_ reason: String, now: MonotonicInstant) {
        lastFailure = reason
        schedule(after: backoff.nextDelay(), now: now)
        notice(.error, reason)
    }

    private func schedule(after delay: Double, now: MonotonicInstant) {
        phase = .waiting(until: now.adding(delay))
    }

    // MARK: Lines

    private func drainLines(_ run: Run) {
        let received = clock.wall()
        // `emit` may stop the stream: no line is handed on after that.
        while isCurrent(run), let frame = run.framer.next() {
            switch frame {
            case .line(let bytes):
                if let (stamp, textStart) = LogLine.stamp(of: bytes) {
                    guard isNew(stamp, in: run) else { continue }
                    handOn(.line(LogLine(stamp: stamp, text: Array(bytes[textStart...])), received: received), in: run)
                } else {
                    // No stamp to resume from or compare: handed on as received, never dropped.
                    handOn(.line(LogLine(stamp: received, text: Array(bytes)), received: received), in: run)
                }
            case .overlong(let prefix, _):
                // Its stamp still counts: a resumed request sends it again, and it was seen.
                if let (stamp, _) = LogLine.stamp(of: prefix[...]), !isNew(stamp, in: run) { continue }
                handOn(.overlong(received: received), in: run)
            }
        }
    }

    /// Whether the line stamped `stamp` is new (not one a resumed request repeats); a new
    /// one moves the position.
    private func isNew(_ stamp: Timestamp, in run: Run) -> Bool {
        if run.replay?.isRepeat(stamp) == true {
            repeatsDropped += 1
            return false
        }
        if position == nil {
            position = LogStreamPosition(first: stamp)
        } else {
            position?.record(stamp)
        }
        return true
    }

    private func handOn(_ output: LogStreamOutput, in run: Run) {
        if !run.handedOnLines {
            // Lines flow: the container runs, whatever was wrong before is over.
            run.handedOnLines = true
            lastFailure = nil
            waitingToStart = nil
        }
        emit(output)
    }

    // MARK: Helpers

    private func isCurrent(_ run: Run) -> Bool {
        guard case .running(let current) = phase else { return false }
        return current === run
    }

    private func isHealthy(_ run: Run, now: MonotonicInstant) -> Bool {
        run.handedOnLines || now.seconds - run.startedAt.seconds >= healthySeconds
    }

    private func notice(_ kind: LogStreamNotice.Kind, _ detail: String, transport: String? = nil) {
        emit(.notice(LogStreamNotice(time: clock.wall(), namespace: namespace, pod: pod, container: container,
                                     kind: kind, detail: detail, transport: transport)))
    }
}
