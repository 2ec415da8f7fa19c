import CPosix
import JSONLite
import KubeModel
import Runtime

/// What a stream hands downstream, in the order it happened.
public enum StreamOutput: Sendable {
    /// A document from kubectl, decoded. `document` is the JSON as received, for the recorder.
    case received(document: JSON, event: WatchEvent)
    case notice(StreamNotice)
}

/// Lists and watches one resource through kubectl, the way client-go's Reflector
/// does, so the store always converges on the server's state:
///
/// 1. `kubectl get --raw LIST` gives every object and the list's resourceVersion;
///    downstream it is a `.replaced` event (replace semantics: whatever is not in
///    the list was deleted while no watch was open, so no ghost survives).
/// 2. `kubectl get --raw LIST?watch=1&resourceVersion=RV` streams every change
///    after RV. When the server ends the watch (kubectl exits 0) the stream resumes
///    from the last RV it saw, without a gap.
/// 3. A 410 Expired (as an ERROR event or on stderr) means that history is gone:
///    back to 1. Any other failure: capped, jittered backoff, then resume.
public final class WatchStream: PollSource {
    public let request: StreamRequest
    public private(set) var resourceVersion: String?
    /// True once a list has succeeded: the stream's state is complete from here on.
    public private(set) var hasListed = false
    /// The last failure, until data flows again (a list, an event, or a watch that
    /// stays open `healthyWatchSeconds`): what a status line says is wrong.
    public private(set) var lastFailure: String?

    private let kubectl: Kubectl
    private let launcher: ProcessLauncher
    private let clock: StreamClock
    private let parser: JSONParser
    private let emit: (StreamOutput) -> Void
    private var backoff = Backoff()
    private var phase: Phase = .idle
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    /// A watch that lasted at least this long ended normally; shorter ones count as failures for backoff.
    private let healthyWatchSeconds = 1.0
    /// A list still silent after this long is said to be slow on the status line.
    private let slowListSeconds = 5.0
    /// A list that prints nothing for this long is given up and retried: a server, or
    /// a proxy in front of it, that accepts the request and never answers. (Watches are
    /// silent whenever nothing changes, so only lists are timed.)
    private let listSilenceSeconds = 30.0

    private enum Phase {
        case idle
        case waiting(until: MonotonicInstant, then: Step)
        case running(Run)
        case stopped
    }

    private enum Step {
        case list
        case watch
    }

    private final class Run {
        let step: Step
        let child: any RunningProcess
        let startedAt: MonotonicInstant
        /// When stdout last had bytes (or the start): a list silent for too long is given up.
        var lastOutputAt: MonotonicInstant
        var listOutput: [UInt8] = []
        var framer = JSONFramer(maximumFrameSize: 64 << 20)
        var stderr = StderrTail()
        /// Set when the stream itself decided to end this run (410, error event, garbage):
        /// what to do next, and whether at once (a 410 needs a list now) or after the backoff.
        var abandoned: (next: Step, atOnce: Bool)?

        init(step: Step, child: any RunningProcess, startedAt: MonotonicInstant) {
            self.step = step
            self.child = child
            self.startedAt = startedAt
            lastOutputAt = startedAt
        }
    }

    /// - Parameters:
    ///   - launcher: starts kubectl: the run loop's `ChildReaper`, or a test's script of kubectl.
    ///   - clock: the receive time of documents and notices, and the loop's clock outside a handler.
    ///   - keepManagedFields: keep `metadata.managedFields` (only raw recordings want it;
    ///     skipping it at parse time saves most of the bytes and memory of a Pod).
    public init(request: StreamRequest, kubectl: Kubectl, launcher: ProcessLauncher, clock: StreamClock = .system,
                keepManagedFields: Bool = false, emit: @escaping (StreamOutput) -> Void) {
        self.request = request
        self.kubectl = kubectl
        self.launcher = launcher
        self.clock = clock
        self.parser = JSONParser(skippingKeys: keepManagedFields ? [] : ["managedFields"])
        self.emit = emit
    }

    deinit {
        stop()
    }

    public func start(now: MonotonicInstant = .now()) {
        phase = .waiting(until: now, then: .list)
    }

    /// Asks the running kubectl, if any, to end (its reaper sees it go) and stops for good.
    public func stop() {
        if case .running(let run) = phase {
            run.child.terminate()
            run.child.closeOutputs()
        }
        phase = .stopped
    }

    // MARK: PollSource

    public var pollDescriptors: [Int32] {
        guard case .running(let run) = phase else { return [] }
        return [run.child.stdout, run.child.stderr].filter { $0 >= 0 }
    }

    public var nextDeadline: MonotonicInstant? {
        switch phase {
        case .waiting(let until, _): return until
        case .running(let run) where run.step == .list: return run.lastOutputAt.adding(listSilenceSeconds)
        default: return nil
        }
    }

    public func handleDeadline(now: MonotonicInstant) {
        switch phase {
        case .waiting(let until, let step) where until <= now:
            launch(step, now: now)
        case .running(let run) where run.step == .list && run.lastOutputAt.adding(listSilenceSeconds) <= now:
            run.child.terminate()
            run.child.closeOutputs()
            fail("no answer from kubectl in \(Int(listSilenceSeconds))s (list)", retrying: .list, now: now)
        default:
            break
        }
    }

    /// What is wrong with the stream now, in a few words for a status line, or nil.
    public func trouble(now: MonotonicInstant) -> String? {
        switch phase {
        case .running(let run) where run.step == .list && run.listOutput.isEmpty:
            let silent = now.seconds - run.startedAt.seconds
            guard silent >= slowListSeconds else { return lastFailure.map { "\($0) — retrying now" } }
            return "no answer from kubectl for \(Int(silent))s (list)" + (lastFailure.map { "; before: \($0)" } ?? "")
        case .running(let run) where run.step == .watch && now.seconds - run.startedAt.seconds >= healthyWatchSeconds:
            return nil
        case .running:
            return lastFailure.map { "\($0) — retrying now" }
        case .waiting(let until, _):
            return lastFailure.map { "\($0) — retrying in \(Int((until.seconds - now.seconds).rounded(.up)))s" }
        case .idle, .stopped:
            return nil
        }
    }

    public func handleReadable(_ fd: Int32, now: MonotonicInstant) {
        guard case .running(let run) = phase else { return }
        if fd == run.child.stdout { run.lastOutputAt = now }
        if fd == run.child.stderr {
            switch readAvailable(fd, into: &chunk) {
            case .bytes(let count): run.stderr.append(chunk[0..<count])
            case .wouldBlock: break
            case .endOfFile: run.child.closeStderr()
            }
        } else if fd == run.child.stdout {
            // Drain what is there now; the loop comes back for more.
            readLoop: while true {
                switch readAvailable(fd, into: &chunk) {
                case .bytes(let count):
                    if run.step == .list {
                        run.listOutput.append(contentsOf: chunk[0..<count])
                    } else {
                        run.framer.append(chunk[0..<count])
                        drainFrames(run)
                        if run.abandoned != nil { break readLoop }
                    }
                case .wouldBlock:
                    break readLoop
                case .endOfFile:
                    run.child.closeStdout()
                    break readLoop
                }
            }
        }
        if let (next, atOnce) = run.abandoned {
            run.child.terminate()
            run.child.closeOutputs()
            schedule(next, after: atOnce ? 0 : backoff.nextDelay(), now: now)
        } else if run.child.stdout < 0 && run.child.stderr < 0, let status = run.child.exitStatus {
            finish(run, status: status, now: now)
        }
        // Outputs at their end but the child not reaped yet: `childEnded` finishes the run.
    }

    /// The child of `run` has been reaped; once its outputs are read to their end
    /// too, the run is over. Nothing waits for a child on the loop.
    private func childEnded(_ run: Run) {
        guard case .running(let current) = phase, current === run, run.abandoned == nil else { return }
        if run.child.stdout < 0 && run.child.stderr < 0, let status = run.child.exitStatus {
            finish(run, status: status, now: clock.monotonic())
        }
    }

    // MARK: Steps

    private func launch(_ step: Step, now: MonotonicInstant) {
        let path: String
        let detail: String
        switch step {
        case .list:
            path = request.listPath
            detail = "list"
        case .watch:
            path = request.watchPath(from: resourceVersion ?? "0")
            detail = "watch from resourceVersion \(resourceVersion ?? "0")"
        }
        do {
            let child = try launcher.launch(kubectl.executable, kubectl.rawArguments(path))
            let run = Run(step: step, child: child, startedAt: now)
            child.onExit = { [weak self, weak run] _ in
                guard let self, let run else { return }
                self.childEnded(run)
            }
            phase = .running(run)
            notice(.started, detail)
        } catch {
            fail(Kubectl.explained(error).description, retrying: step, now: now)
        }
    }

    /// Says what went wrong and tries `step` again after the backoff delay.
    private func fail(_ reason: String, retrying step: Step, now: MonotonicInstant) {
        lastFailure = reason
        notice(.error, reason)
        schedule(step, after: backoff.nextDelay(), now: now)
    }

    private func schedule(_ step: Step, after delay: Double, now: MonotonicInstant) {
        phase = .waiting(until: now.adding(delay), then: step)
    }

    private func finish(_ run: Run, status: ExitStatus, now: MonotonicInstant) {
        if let final = run.framer.finish(), case .malformed(let reason) = final {
            notice(.error, "kubectl output: \(reason)")
        }
        let stderr = run.stderr.lastLine
        switch (run.step, status.isSuccess) {
        case (.list, true):
            finishList(run, now: now)
        case (.watch, true):
            notice(.ended, "the server closed the watch")
            if now.seconds - run.startedAt.seconds >= healthyWatchSeconds {
                backoff.reset()
                lastFailure = nil
                schedule(.watch, after: 0, now: now)
            } else {
                schedule(.watch, after: backoff.nextDelay(), now: now)
            }
        case (_, false):
            let reason = stderr.isEmpty ? "kubectl \(status)" : stderr
            let expired = stderr.contains("Expired") || stderr.contains("410") || stderr.contains("too old resource version")
            let next: Step = run.step == .list || expired || resourceVersion == nil ? .list : .watch
            if expired {
                notice(.error, reason)
                schedule(next, after: 0, now: now)
            } else {
                fail(reason, retrying: next, now: now)
            }
        }
    }

    private func finishList(_ run: Run, now: MonotonicInstant) {
        let time = clock.wall()
        do {
            let document = try parser.parse(run.listOutput)
            let event = try WatchEvent.decode(document, resource: request.resource, at: time)
            guard case .replaced(_, let version) = event.change else {
                if case .error(let status) = event.change { throw DecodeError("\(status.reason): \(status.message)") }
                throw DecodeError("the list request returned something other than a list")
            }
            // The list's bytes go before the ingest: for 10,000 pods they are tens of
            // megabytes that would otherwise live through it.
            run.listOutput = []
            resourceVersion = version
            hasListed = true
            lastFailure = nil
            emit(.received(document: document, event: event))
            schedule(.watch, after: 0, now: now)
        } catch {
            fail("unusable list from kubectl: \(error)\(Self.preview(run.listOutput))", retrying: .list, now: now)
        }
        // The list's bytes and tree are free now; without this their pages would stay
        // in the process's RSS for the whole session. Lists are rare: the cost is too.
        rw_release_free_memory()
    }

    private func drainFrames(_ run: Run) {
        while run.abandoned == nil, let frame = run.framer.next() {
            switch frame {
            case .malformed(let reason):
                // Whatever the garbage hid may have been a change: list again rather than miss it.
                lastFailure = "kubectl printed something that is not JSON: \(reason)"
                notice(.error, lastFailure! + "; listing again")
                run.abandoned = (.list, false)
            case .document(let bytes):
                handleDocument(bytes, run: run)
            }
        }
    }

    private func handleDocument(_ bytes: [UInt8], run: Run) {
        let time = clock.wall()
        let document: JSON
        let event: WatchEvent
        do {
            document = try parser.parse(bytes)
            event = try WatchEvent.decode(document, resource: request.resource, at: time)
        } catch {
            lastFailure = "kubectl printed a malformed document: \(error)"
            notice(.error, lastFailure! + "; listing again")
            run.abandoned = (.list, false)
            return
        }
        lastFailure = nil
        switch event.change {
        case .bookmark(let version):
            resourceVersion = version
        case .error(let status) where status.isExpired:
            notice(.error, "\(status.code) \(status.reason): \(status.message.sanitizedForTerminal); listing again")
            resourceVersion = nil
            run.abandoned = (.list, true)
        case .error(let status):
            lastFailure = "\(status.code) \(status.reason): \(status.message.sanitizedForTerminal)"
            notice(.error, lastFailure!)
            run.abandoned = (.watch, false)
        case .added(let object), .modified(let object), .deleted(let object):
            if !object.metadata.resourceVersion.isEmpty { resourceVersion = object.metadata.resourceVersion }
            emit(.received(document: document, event: event))
        case .replaced(_, let version):
            // A list where a watch event was expected (a server that ignored watch=1): take it whole.
            resourceVersion = version
            emit(.received(document: document, event: event))
        }
    }

    /// The start of unusable output, cleaned, for the error line: "<html>…" says more than a byte offset.
    private static func preview(_ output: [UInt8]) -> String {
        guard !output.isEmpty else { return " (no output)" }
        let start = String(decoding: output.prefix(60), as: UTF8.self).sanitizedForTerminal
        return " (it began: \(start)\(output.count > 60 ? "…" : ""))"
    }

    private func notice(_ kind: StreamNotice.Kind, _ detail: String) {
        emit(.notice(StreamNotice(time: clock.wall(), resource: request.resource, kind: kind, detail: detail)))
    }
}
