import KubeModel
import KubeWatch
import RolloutCore
import Runtime

/// What `--access-logs` and its companions ask for.
public struct AccessLogSettings: Sendable, Equatable {
    /// The proxy container whose log is read (`--access-log-container`).
    public var container: String
    /// The pods of callers and gateways (`--access-logs-from`), whose proxies are read
    /// too: their outbound lines say what the watched pods' callers saw.
    public var callers: [StreamRequest]
    /// At most this many logs followed at once (`--max-log-streams`).
    public var maximumStreams: Int
    /// Keep each line as the proxy wrote it (a raw recording), not only what attribution needs.
    public var keepsRawLines: Bool

    public static let defaultContainer = "istio-proxy"
    public static let defaultMaximumStreams = 50

    public init(container: String = defaultContainer, callers: [StreamRequest] = [], maximumStreams: Int = defaultMaximumStreams,
                keepsRawLines: Bool = false) {
        self.container = container
        self.callers = callers
        self.maximumStreams = maximumStreams
        self.keepsRawLines = keepsRawLines
    }
}

/// Follows the proxy log of every watched pod, and of every caller's pod, through
/// the session's transport, from the moment each pod is seen until it is gone,
/// at most `maximumStreams` at once (the rest wait for a slot, oldest first, and
/// the status line says how many). Each line becomes a `LogInput`: an access-log
/// entry or a skipped line.
///
/// One poll source for all its streams, so pods coming and going over a day leave
/// nothing behind on the run loop.
final class AccessLogFollower: PollSource {
    let settings: AccessLogSettings
    private let transport: any StreamTransport
    /// Lines from before this are not wanted (a pod already running has its whole log behind it).
    private let since: Timestamp
    private let deliver: (LogInput) -> Void

    private struct Pod {
        var namespace: String
        var name: String
        var uid: String
        var gone = false
    }

    /// Every pod with the proxy container seen, by uid.
    private var pods: [String: Pod] = [:]
    /// Waiting for a slot, in the order they were seen.
    private var queue: [String] = []
    private var streams: [String: LogStream] = [:]
    /// The pods of `--access-logs-from` workloads, watched (not recorded, not in the store).
    private(set) var callerStreams: [WatchStream] = []
    private var started = false
    /// Each log followed that has not sent a line yet, with the last thing said of it
    /// (nil: nothing yet): what the report says of logs never read.
    private var unread: [LogSource: String?] = [:]

    init(settings: AccessLogSettings, transport: any StreamTransport, since: Timestamp, deliver: @escaping (LogInput) -> Void) {
        self.settings = settings
        self.transport = transport
        self.since = since
        self.deliver = deliver
        callerStreams = settings.callers.map { request in
            WatchStream(request: request, transport: transport, keepsDocuments: false) { [unowned self] output in
                if case .received(_, let event) = output { self.observe(event) }
            }
        }
    }

    func start(now: MonotonicInstant) {
        started = true
        callerStreams.forEach { $0.start(now: now) }
        fillSlots(now: now)
    }

    func stop() {
        started = false
        callerStreams.forEach { $0.stop() }
        streams.values.forEach { $0.stop() }
    }

    func transportIsReady(now: MonotonicInstant) {
        callerStreams.forEach { $0.transportIsReady(now: now) }
        streams.values.forEach { $0.transportIsReady(now: now) }
    }

    /// Pods of the watched target (from the session) and of the callers (from their own streams).
    func observe(_ event: WatchEvent) {
        guard event.resource == .pods else { return }
        switch event.change {
        case .added(let object), .modified(let object):
            take(object, gone: false)
        case .deleted(let object):
            take(object, gone: true)
        case .replaced(let objects, _), .listPage(let objects, _, _, _):
            for object in objects { take(object, gone: false) }
        case .bookmark, .error:
            return
        }
        if started { fillSlots(now: .now()) }
    }

    private func take(_ object: KubeObject, gone: Bool) {
        guard case .pod(let pod) = object else { return }
        let uid = pod.metadata.uid.isEmpty ? "\(pod.metadata.namespace)/\(pod.metadata.name)" : pod.metadata.uid
        if gone {
            // A followed log runs on until the API server says the pod is gone (404): its
            // last lines are the ones a no-drain-delay race is about.
            pods[uid]?.gone = true
            queue.removeAll { $0 == uid }
            return
        }
        guard pods[uid] == nil else { return }
        let hasProxy = (pod.spec.containers + pod.spec.initContainers).contains { $0.name == settings.container }
        guard hasProxy else { return }
        pods[uid] = Pod(namespace: pod.metadata.namespace, name: pod.metadata.name, uid: uid)
        queue.append(uid)
    }

    /// Called after every pod event and every turn of the streams: costs nothing
    /// while no pod waits for a slot.
    private func fillSlots(now: MonotonicInstant) {
        guard !queue.isEmpty else { return }
        // A log the API server ended for good (404: the pod is gone) frees its slot; the
        // pod stays known as gone, so a late update of it does not follow it again.
        streams = streams.filter { uid, stream in
            guard stream.isStopped else { return true }
            pods[uid]?.gone = true
            return false
        }
        while streams.count < settings.maximumStreams, !queue.isEmpty {
            let uid = queue.removeFirst()
            guard let pod = pods[uid], !pod.gone else { continue }
            let source = LogSource(namespace: pod.namespace, pod: pod.name, container: settings.container)
            let stream = LogStream(namespace: source.namespace, pod: source.pod, container: source.container, transport: transport,
                                   since: since) { [unowned self] output in
                self.receive(output, from: source)
            }
            streams[uid] = stream
            unread[source] = .some(nil)
            stream.start(now: now)
        }
    }

    private func receive(_ output: LogStreamOutput, from source: LogSource) {
        switch output {
        case .line, .overlong:
            if unread[source] != nil { unread[source] = nil }
        case .notice(let notice) where notice.kind == .waiting || notice.kind == .error:
            if unread[source] != nil { unread[source] = .some(notice.detail) }
        case .notice:
            break
        }
        switch output {
        case .line(let line, let received):
            let entry = AccessLogParser.parse(line.text)
            let raw = settings.keepsRawLines ? Self.rawText(line.text) : nil
            deliver(LogInput(time: received, source: source, entry: entry, raw: raw))
        case .overlong(let received):
            deliver(LogInput(time: received, source: source, entry: nil))
        case .notice:
            // Waiting for a container, a closed follow, an error: the status line reads
            // `trouble`; a log says nothing of the rollout itself.
            break
        }
    }

    /// The line as written, made terminal-safe and bounded, for a raw recording.
    private static func rawText(_ bytes: [UInt8]) -> String {
        FreeText.bounded(String(decoding: bytes, as: UTF8.self)).sanitizedForTerminal
    }

    // MARK: What the view and the report say

    /// Logs followed that never sent a line, and why (the API server's last words, such
    /// as a proxy that never started); pods never given a slot under the cap.
    var summary: LogFollowing {
        LogFollowing(unread: unread.map { source, reason in
                         LogFollowing.Unread(source: source, reason: reason ?? "followed, nothing written")
                     },
                     notFollowed: queue.compactMap { pods[$0].map { PodName(namespace: $0.namespace, name: $0.name) } },
                     maximumStreams: settings.maximumStreams)
    }

    /// How many logs are followed, and how many pods wait for a slot.
    var following: (streams: Int, waiting: Int) {
        (streams.values.filter { !$0.isStopped }.count, queue.count)
    }

    func trouble(now: MonotonicInstant) -> String? {
        for stream in callerStreams {
            if let trouble = stream.trouble(now: now) { return "callers' pods: \(trouble)" }
        }
        let waiting = queue.count
        if waiting > 0 {
            return "access logs: \(waiting) pod\(waiting == 1 ? "" : "s") not followed (--max-log-streams \(settings.maximumStreams))"
        }
        for (_, stream) in streams.sorted(by: { $0.key < $1.key }) {
            // A proxy still starting is expected, not trouble.
            if let trouble = stream.trouble(now: now), trouble != "waiting for the container to start" {
                return "logs of \(stream.pod): \(trouble)"
            }
        }
        return nil
    }

    // MARK: PollSource

    var pollDescriptors: [Int32] {
        callerStreams.flatMap(\.pollDescriptors) + streams.values.flatMap(\.pollDescriptors)
    }

    var nextDeadline: MonotonicInstant? {
        (callerStreams.compactMap(\.nextDeadline) + streams.values.compactMap(\.nextDeadline)).min()
    }

    func handleDeadline(now: MonotonicInstant) {
        for stream in callerStreams { if let due = stream.nextDeadline, due <= now { stream.handleDeadline(now: now) } }
        for stream in Array(streams.values) { if let due = stream.nextDeadline, due <= now { stream.handleDeadline(now: now) } }
        fillSlots(now: now)
    }

    func handleReadable(_ fd: Int32, now: MonotonicInstant) {
        if let stream = callerStreams.first(where: { $0.pollDescriptors.contains(fd) }) {
            stream.handleReadable(fd, now: now)
        } else if let stream = streams.values.first(where: { $0.pollDescriptors.contains(fd) }) {
            stream.handleReadable(fd, now: now)
        }
        fillSlots(now: now)
    }
}
