import CPosix
import JSONLite
import KubeModel
import Runtime

/// What a stream hands downstream, in the order it happened.
public enum StreamOutput: Sendable {
    /// A document from kubectl, decoded. `document` is the JSON as received, for the
    /// recorder: nil unless the stream was asked to keep documents (it then decodes
    /// from the bytes, without a tree).
    case received(document: JSON?, event: WatchEvent)
    case notice(StreamNotice)
}

/// Lists and watches one resource through kubectl, the way client-go's Reflector
/// does, so the store always converges on the server's state:
///
/// 1. `GET LIST?limit=500` gives the first page of the objects and the list's
///    resourceVersion, then `&continue=TOKEN` the next, as client-go's pager reads
///    them; each page goes downstream as it arrives (`.listPage`), and replace
///    semantics apply once the last is in (whatever the whole list lacks was deleted
///    while no watch was open, so no ghost survives). A list of one page is a
///    `.replaced` event. An expired continue token (410) starts the list again.
///    The next page is asked for as soon as the current one's `metadata.continue`
///    has arrived (`ListPagePeek`), so the server prepares page N+1 while page N is
///    read and applied; pages still go downstream one at a time, in order.
/// 2. `GET LIST?watch=1&resourceVersion=RV` streams every change after RV. When the
///    server ends the watch the stream resumes from the last RV it saw, without a gap.
/// 3. A 410 Expired (as an ERROR event, a Status, or on stderr) means that history is
///    gone: back to 1. Any other failure: capped, jittered backoff, then resume.
///
/// Requests go through a `StreamTransport`: the session's one kubectl proxy, or a
/// `kubectl get --raw` each.
public final class WatchStream: PollSource {
    public let request: StreamRequest
    public private(set) var resourceVersion: String?
    /// True once a list has succeeded: the stream's state is complete from here on.
    public private(set) var hasListed = false
    /// The last failure, until data flows again (a list, an event, or a watch that
    /// stays open `healthyWatchSeconds`): what a status line says is wrong.
    public private(set) var lastFailure: String?

    /// How requests reach the API server.
    public let transport: any StreamTransport
    private let clock: StreamClock
    private let parser: JSONParser
    /// Whether each document is also handed on as a JSON tree (a recording is made of them).
    private let keepsDocuments: Bool
    private let emit: (StreamOutput) -> Void
    private var backoff = Backoff()
    private var phase: Phase = .idle
    /// The list being read a page at a time: the next page's token and number.
    private var listing: (continueToken: String, page: Int)?
    /// The list's next page, already asked for with `token` while the current page
    /// is read: it becomes the running request once the current page is applied.
    private var pageAhead: (token: String, run: Run)?

    /// Objects per list page, as client-go's pager asks (its default is 500).
    public static let pageSize = 500

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
        /// Due, but the transport cannot take requests yet (the proxy is starting).
        case waitingForTransport(then: Step)
        case running(Run)
        case stopped
    }

    private enum Step {
        case list
        case watch
    }

    private final class Run {
        let step: Step
        let transfer: any Transfer
        let startedAt: MonotonicInstant
        /// When the body last had bytes (or the start): a list silent for too long is given up.
        var lastOutputAt: MonotonicInstant
        var listOutput: [UInt8] = []
        var watchBytes: [UInt8] = []
        var framer = JSONFramer(maximumFrameSize: 64 << 20)
        /// Whether this list page's start has been peeked at for the next page's token (once is enough).
        var peeked = false
        /// Set when the stream itself decided to end this run (410, error event, garbage):
        /// what to do next, and whether at once (a 410 needs a list now) or after the backoff.
        var abandoned: (next: Step, atOnce: Bool)?

        init(step: Step, transfer: any Transfer, startedAt: MonotonicInstant) {
            self.step = step
            self.transfer = transfer
            self.startedAt = startedAt
            lastOutputAt = startedAt
        }
    }

    /// - Parameters:
    ///   - transport: how requests reach the API server (the session's proxy, or kubectl per request).
    ///   - clock: the receive time of documents and notices, and the loop's clock outside a handler.
    ///   - keepManagedFields: keep `metadata.managedFields` (only raw recordings want it;
    ///     skipping it at parse time saves most of the bytes and memory of a Pod).
    ///   - keepsDocuments: hand each document on as JSON as well, for a recorder; without
    ///     one, documents are decoded straight from their bytes, never built as a tree.
    public init(request: StreamRequest, transport: any StreamTransport, clock: StreamClock = .system,
                keepManagedFields: Bool = false, keepsDocuments: Bool = true, emit: @escaping (StreamOutput) -> Void) {
        self.request = request
        self.transport = transport
        self.clock = clock
        self.keepsDocuments = keepsDocuments
        self.parser = JSONParser(skippingKeys: keepManagedFields ? [] : ["managedFields"])
        self.emit = emit
    }

    /// A stream that runs `kubectl get --raw` for each request (`ExecTransport`).
    public convenience init(request: StreamRequest, kubectl: Kubectl, launcher: any ProcessLauncher, clock: StreamClock = .system,
                            keepManagedFields: Bool = false, keepsDocuments: Bool = true, emit: @escaping (StreamOutput) -> Void) {
        self.init(request: request, transport: ExecTransport(kubectl: kubectl, launcher: launcher), clock: clock,
                  keepManagedFields: keepManagedFields, keepsDocuments: keepsDocuments, emit: emit)
    }

    /// One document, decoded: from a tree kept for the recorder, or straight from its bytes.
    private func decode(_ bytes: [UInt8], at time: Timestamp, page: Int? = nil) throws -> (JSON?, WatchEvent) {
        if keepsDocuments {
            let document = try parser.parse(bytes)
            return (document, try WatchEvent.decode(document, resource: request.resource, at: time, page: page))
        }
        let event = try bytes.withUnsafeBytes { raw throws(DecodeError) in
            try WatchEvent.decode(bytes: raw, resource: request.resource, at: time, page: page)
        }
        return (nil, event)
    }

    deinit {
        stop()
    }

    public func start(now: MonotonicInstant = .now()) {
        phase = .waiting(until: now, then: .list)
    }

    /// Ends the running request, if any (a kubectl's reaper sees it go), and stops for good.
    public func stop() {
        if case .running(let run) = phase { run.transfer.cancel() }
        dropPageAhead()
        phase = .stopped
    }

    /// The transport can take requests again (the proxy serves): a stream that was due goes now.
    public func transportIsReady(now: MonotonicInstant) {
        if case .waitingForTransport(let step) = phase { launch(step, now: now) }
    }

    // MARK: PollSource

    public var pollDescriptors: [Int32] {
        guard case .running(let run) = phase else { return [] }
        return run.transfer.pollDescriptors + (pageAhead?.run.transfer.pollDescriptors ?? [])
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
            run.transfer.cancel()
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
        case .waitingForTransport:
            return transport.notReadyReason(now: now)
        case .idle, .stopped:
            return nil
        }
    }

    public func handleReadable(_ fd: Int32, now: MonotonicInstant) {
        guard case .running(let run) = phase else { return }
        if let ahead = pageAhead?.run, ahead.transfer.pollDescriptors.contains(fd) {
            // Kept until its turn; its end (even a 410) is dealt with then.
            if ahead.transfer.read(fd, appendingTo: &ahead.listOutput) { ahead.lastOutputAt = now }
            return
        }
        if run.step == .list {
            if run.transfer.read(fd, appendingTo: &run.listOutput) { run.lastOutputAt = now }
            askForPageAhead(of: run, now: now)
        } else {
            run.watchBytes.removeAll(keepingCapacity: true)
            if run.transfer.read(fd, appendingTo: &run.watchBytes) { run.lastOutputAt = now }
            run.framer.append(run.watchBytes)
            drainFrames(run)
        }
        if let (next, atOnce) = run.abandoned {
            run.transfer.cancel()
            schedule(next, after: atOnce ? 0 : backoff.nextDelay(), now: now)
        } else if let outcome = run.transfer.outcome {
            finish(run, outcome, now: now)
        }
        // The data is over but the process behind it not reaped yet: `transferEnded` finishes the run.
    }

    /// The transfer of `run` learnt its end outside a read (a kubectl reaped after its
    /// output ended): the run is over. Nothing waits for a child on the loop.
    private func transferEnded(_ run: Run) {
        guard case .running(let current) = phase, current === run, run.abandoned == nil, let outcome = run.transfer.outcome else { return }
        finish(run, outcome, now: clock.monotonic())
    }

    // MARK: Steps

    private func launch(_ step: Step, now: MonotonicInstant) {
        guard transport.isReady else {
            phase = .waitingForTransport(then: step)
            return
        }
        let path: String
        let detail: String
        switch step {
        case .list:
            path = request.listPagePath(limit: Self.pageSize, continuing: listing?.continueToken)
            detail = listing.map { "list, page \($0.page)" } ?? "list"
        case .watch:
            path = request.watchPath(from: resourceVersion ?? "0")
            detail = "watch from resourceVersion \(resourceVersion ?? "0")"
        }
        do {
            phase = .running(try open(step, path, now: now))
            // The further pages of a list are the same list, not a restart of the stream.
            if listing == nil || step == .watch { notice(.started, detail, transport: transport.name) }
        } catch {
            fail(error.description, retrying: step, now: now)
        }
    }

    private func open(_ step: Step, _ path: String, now: MonotonicInstant) throws(TransferError) -> Run {
        let transfer = try transport.open(path)
        let run = Run(step: step, transfer: transfer, startedAt: now)
        transfer.onOutcome = { [weak self, weak run] in
            guard let self, let run else { return }
            self.transferEnded(run)
        }
        return run
    }

    /// Asks for the page after `run`'s once its start names it, if not asked yet. A
    /// request that cannot start now is left to the usual path after this page.
    private func askForPageAhead(of run: Run, now: MonotonicInstant) {
        guard !run.peeked, pageAhead == nil, transport.isReady else { return }
        switch ListPagePeek.of(run.listOutput) {
        case .needMore:
            return
        case .none:
            run.peeked = true
        case .next(let token):
            run.peeked = true
            let path = request.listPagePath(limit: Self.pageSize, continuing: token)
            if let ahead = try? open(.list, path, now: now) { pageAhead = (token, ahead) }
        }
    }

    /// The page asked for ahead, given up (the list failed, or is not going on as it said).
    private func dropPageAhead() {
        pageAhead?.run.transfer.cancel()
        pageAhead = nil
    }

    /// Says what went wrong and tries `step` again after the backoff delay.
    private func fail(_ reason: String, retrying step: Step, now: MonotonicInstant) {
        lastFailure = reason
        notice(.error, reason)
        schedule(step, after: backoff.nextDelay(), now: now)
    }

    private func schedule(_ step: Step, after delay: Double, now: MonotonicInstant) {
        dropPageAhead()
        phase = .waiting(until: now.adding(delay), then: step)
    }

    private func finish(_ run: Run, _ outcome: TransferOutcome, now: MonotonicInstant) {
        if let final = run.framer.finish(), case .malformed(let reason) = final {
            notice(.error, "kubectl output: \(reason)")
        }
        switch (run.step, outcome) {
        case (.list, .completed):
            finishList(run, now: now)
        case (.watch, .completed):
            notice(.ended, "the server closed the watch")
            if now.seconds - run.startedAt.seconds >= healthyWatchSeconds {
                backoff.reset()
                lastFailure = nil
                schedule(.watch, after: 0, now: now)
            } else {
                schedule(.watch, after: backoff.nextDelay(), now: now)
            }
        case (_, .failed(let reason)):
            // Only the server's 410 in its own words: a bare "410" is also in addresses (127.0.0.1:41045).
            let expired = ExpiredHistory.isSaid(in: reason)
            let next: Step = run.step == .list || expired || resourceVersion == nil ? .list : .watch
            // An expired continue token, or a list that failed half way: the next list starts over.
            if next == .list { listing = nil }
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
            let (document, decoded) = try decode(run.listOutput, at: time, page: listing?.page ?? 1)
            var event = decoded
            let version: String
            let next: String?
            switch event.change {
            case .listPage(let objects, let listVersion, let number, let token):
                version = listVersion
                next = token
                // A list of one page is the whole list.
                if number == 1, token == nil { event.change = .replaced(objects, resourceVersion: listVersion) }
            case .replaced(_, let listVersion):
                version = listVersion
                next = nil
            case .error(let status): throw DecodeError("\(status.reason): \(status.message)")
            default: throw DecodeError("the list request returned something other than a list")
            }
            let page = listing?.page ?? 1
            // The page's bytes go before the ingest: for 10,000 pods unpaged they are tens of
            // megabytes that would otherwise live through it.
            run.listOutput = []
            lastFailure = nil
            emit(.received(document: document, event: event))
            if let next {
                listing = (next, page + 1)
                if let ahead = pageAhead, ahead.token == next {
                    pageAhead = nil
                    takeTurn(ahead.run, now: now)
                } else {
                    schedule(.list, after: 0, now: now)
                }
            } else {
                listing = nil
                resourceVersion = version
                hasListed = true
                schedule(.watch, after: 0, now: now)
            }
        } catch {
            listing = nil
            fail("unusable list from kubectl: \(error)\(Self.preview(run.listOutput))", retrying: .list, now: now)
        }
        // The list's bytes and tree are free now; without this their pages would stay
        // in the process's RSS for the whole session. Lists are rare: the cost is too.
        rw_release_free_memory()
    }

    /// The page asked for ahead becomes the running request: what it already
    /// received is read on from there, and an end it already had is dealt with now.
    private func takeTurn(_ run: Run, now: MonotonicInstant) {
        phase = .running(run)
        // Its silence is timed from its turn: until then it was not waited for.
        run.lastOutputAt = now
        askForPageAhead(of: run, now: now)
        if let outcome = run.transfer.outcome { finish(run, outcome, now: now) }
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
        let document: JSON?
        let event: WatchEvent
        do {
            (document, event) = try decode(bytes, at: time)
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
        case .replaced(_, let version), .listPage(_, let version, _, _):
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

    private func notice(_ kind: StreamNotice.Kind, _ detail: String, transport: String? = nil) {
        emit(.notice(StreamNotice(time: clock.wall(), resource: request.resource, kind: kind, detail: detail, transport: transport)))
    }
}
