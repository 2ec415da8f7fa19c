import KubeModel
import KubeWatch
import Recording
import RolloutCore
import Runtime

/// Runs the streams of a plan on a run loop and feeds what they receive, in
/// order, to the recorder (when there is one) and the rollout state. The wiring
/// between KubeWatch, Recording and RolloutCore, nothing more.
public final class LiveSession {
    public let plan: WatchPlan
    public private(set) var state: RolloutState
    /// Set when the cluster refused the pods list before it ever succeeded.
    public private(set) var clusterFailure: String?
    /// Called after every input, for a view to mark itself stale.
    public var onChange: (() -> Void)?

    private let loop: RunLoop
    private let recorder: RecordingWriter?
    /// Headless runs stop when the cluster cannot be read at all; the view stays
    /// up, shows the failure and keeps retrying.
    private let stopsOnClusterFailure: Bool
    private var streams: [WatchStream] = []
    private var finished = false
    /// How the streams reach the cluster: one kubectl proxy for all, or kubectl per request.
    public let transport: SessionTransport
    /// The proxies' logs followed (`--access-logs`), if asked for.
    private var accessLogs: AccessLogFollower?

    public init(plan: WatchPlan, kubectl: Kubectl, transport mode: TransportMode = .auto, state: RolloutState, loop: RunLoop,
                recorder: RecordingWriter? = nil, stopsOnClusterFailure: Bool = true, accessLogs: AccessLogSettings? = nil) {
        self.plan = plan
        self.stopsOnClusterFailure = stopsOnClusterFailure
        self.state = state
        self.loop = loop
        self.recorder = recorder
        transport = SessionTransport(mode: mode, kubectl: kubectl, loop: loop)
        // A raw recording keeps managedFields; everything else skips them at parse time.
        let keepManagedFields = recorder.map { !$0.redacted } ?? false
        streams = plan.requests.map { request in
            WatchStream(request: request, transport: transport, keepManagedFields: keepManagedFields,
                        keepsDocuments: recorder != nil) { [unowned self] output in
                self.receive(output)
            }
        }
        streams.forEach(loop.add)
        loop.add(RuleClock(session: self))
        if let accessLogs {
            let follower = AccessLogFollower(settings: accessLogs, transport: transport, since: .now()) { [unowned self] input in
                self.receive(input)
            }
            self.accessLogs = follower
            loop.add(follower)
        }
        transport.onReady = { [unowned self] in
            let now = MonotonicInstant.now()
            self.streams.forEach { $0.transportIsReady(now: now) }
            self.accessLogs?.transportIsReady(now: now)
        }
        transport.onProxyFailure = { [unowned self] reason in
            // Before the first pods list, a proxy that cannot serve means the cluster cannot be read.
            if self.stopsOnClusterFailure, self.podStream?.hasListed == false {
                self.clusterFailure = reason
                self.loop.stop()
            }
        }
    }

    public func start(now: MonotonicInstant = .now()) {
        transport.start(now: now)
        streams.forEach { $0.start(now: now) }
        accessLogs?.start(now: now)
    }

    /// Stops every kubectl and closes the session at one instant: each stream's
    /// end is recorded and applied, and the rules are brought up to it, so a
    /// report of the recording ends exactly where this session did. Then waits
    /// (bounded) until every kubectl has gone, so none outlives rollwatch: call
    /// it once the loop has stopped, when nothing else is waiting.
    @discardableResult
    public func finish() -> Timestamp {
        let end = Timestamp.now()
        guard !finished else { return state.clock ?? end }
        finished = true
        streams.forEach { $0.stop() }
        accessLogs?.stop()
        for stream in streams where stream.hasListed {
            receive(.notice(StreamNotice(time: end, resource: stream.request.resource, kind: .ended, detail: "session ended")))
        }
        state.advance(to: end)
        recorder?.close()
        transport.stop()
        loop.children.endAll()
        return end
    }

    /// Lets thresholds (30 s in Init, the lag tolerance) pass without an event.
    fileprivate func advanceRules(to now: Timestamp) {
        state.advance(to: now)
        onChange?()
    }

    fileprivate var nextRuleThreshold: Timestamp? { state.nextThreshold }

    private var podStream: WatchStream? { streams.first { $0.request.resource == .pods } }

    /// What is wrong with the streams now, for the view's status line: the first
    /// troubled stream (pods first), or nil when every stream is fine.
    /// A recording that could not be written stays said in front of it (it is for good;
    /// the view goes on without it).
    public func trouble(now: MonotonicInstant) -> String? {
        let streamTrouble = streams.lazy.compactMap { stream in
            stream.trouble(now: now).map { "\(stream.request.resource.rawValue): \($0)" }
        }.first ?? accessLogs?.trouble(now: now)
        guard let recording = recordingStopped else { return streamTrouble }
        return streamTrouble.map { recording + " · " + $0 } ?? recording
    }

    /// Why the recording stopped, once it did: "recording stopped: disk full (…); FILE
    /// keeps its first N lines".
    public var recordingStopped: String? {
        guard let recorder, let failure = recorder.failure else { return nil }
        return "recording stopped: \(failure); \(recorder.path) keeps its first \(recorder.linesWritten) lines"
    }

    /// Proxy logs that never gave a line and pods never followed (the cap), for the report; nil without `--access-logs`.
    public var logFollowing: LogFollowing? { accessLogs?.summary }

    /// How many proxy logs are followed and how many pods wait for a slot; nil without `--access-logs`.
    public var accessLogStreams: (streams: Int, waiting: Int)? { accessLogs?.following }

    /// Why a headless run that lasted `window` has nothing to report, if so: the
    /// cluster refused the pods list, or it never came. A run the user interrupted
    /// (`signal`) may end before the list without that being a failure.
    public func failureToList(within window: String, interruptedBy signal: Int32?) -> String? {
        if let clusterFailure { return clusterFailure }
        guard signal == nil, let podStream, !podStream.hasListed else { return nil }
        let proxyFailure = transport.proxy?.lastFailure.map { "kubectl proxy: \($0)" }
        let why = (podStream.lastFailure ?? proxyFailure).map { ": \($0)" } ?? " (kubectl printed nothing)"
        return "no pods list from kubectl within \(window)\(why)"
    }

    /// A line of a followed proxy log, in order with everything else.
    private func receive(_ log: LogInput) {
        recorder?.record(log)
        state.ingest(.log(log))
        onChange?()
    }

    private func receive(_ output: StreamOutput) {
        switch output {
        case .received(let document, let event):
            var page: Int?
            if case .listPage(_, _, let number, _) = event.change { page = number }
            if let recorder, let document { recorder.record(document, from: event.resource, at: event.time, page: page) }
            state.ingest(.event(event))
            accessLogs?.observe(event)
        case .notice(let notice):
            recorder?.record(notice)
            state.ingest(.notice(notice))
            // Before the first pods list, an error means the cluster cannot be read at all.
            if stopsOnClusterFailure, notice.kind == .error, notice.resource == .pods, podStream?.hasListed == false {
                clusterFailure = notice.detail
                loop.stop()
            }
        }
        onChange?()
    }
}

/// Wakes the run loop when the earliest rule threshold falls due.
private final class RuleClock: PollSource {
    unowned let session: LiveSession

    init(session: LiveSession) {
        self.session = session
    }

    var pollDescriptors: [Int32] { [] }

    var nextDeadline: MonotonicInstant? {
        session.nextRuleThreshold.map(MonotonicInstant.init(wallClock:))
    }

    func handleReadable(_ fd: Int32, now: MonotonicInstant) {}

    func handleDeadline(now: MonotonicInstant) {
        session.advanceRules(to: Timestamp.now())
    }
}
