import KubeModel

/// What the followed proxy logs said, reduced to what proves a race's cost:
/// per-second request and failure counts for each watched pod (and, for requests
/// no pod took, each Service), the lines read from each log, and the totals.
/// Like the store it is a pure reducer of inputs, so a recording replays to the
/// same numbers as the live session that made it.
///
/// Attribution (SPEC §4b): an inbound entry belongs to the pod whose proxy logged
/// it; an outbound one to the pod that held its upstream IP at the request's start
/// (`PodAddressBook`), or, when it never reached a pod (no healthy upstream, no
/// route), to the Service its cluster names. Entries about pods rollwatch does not
/// watch (a gateway's own inbound traffic, calls to other services) are read and
/// counted for their log, and attributed to nobody.
///
/// A request logged by both its caller's and its target's proxy, or by its
/// target's for every retry, carries one `x-request-id` and is counted once:
/// by what the caller saw when its line is read (that is what the client got),
/// otherwise by the first line read.
///
/// Bounded: counts per second, not lines (`TrafficSeries`); request ids for a
/// window of `requestIDsKept`; at most `chunksKept` minutes of per-pod counts,
/// the oldest given up first (the totals keep counting).
public struct TrafficLedger: Sendable {
    /// How far a request's own time (the proxy's clock) may sit outside a finding's
    /// window (rollwatch's receive timeline) and still belong to it: the two clocks
    /// differ, and a watch event arrives a little after what it tells.
    public static let skewTolerance = 1.0

    public struct SourceCounts: Sendable, Equatable {
        /// Every line read.
        public var lines = 0
        /// Lines that were access-log entries.
        public var entries = 0
        /// Lines that were not (Envoy's own log, app output, garbage, overlong lines).
        public var skipped = 0
    }

    public private(set) var sources: [LogSource: SourceCounts] = [:]
    /// Distinct requests attributed to a watched pod or Service, and how many failed.
    public private(set) var totals = TrafficCounts()
    /// Counts each change to a failed count: what the view keys its unexplained rows on
    /// (successful requests, most of them, leave those as they were).
    public private(set) var failureRevision: UInt64 = 0

    private var addresses: PodAddressBook
    private var pods: [PodName: TrafficSeries] = [:]
    private var services: [ServiceKey: TrafficSeries] = [:]
    /// Pods and Services that have had a failed request: all `unexplained` needs to look
    /// at, however many pods have traffic.
    private var failingTargets: Set<Target> = []
    /// Failures of every pod and Service together, per second: the header's last minute.
    private var everyFailure = TrafficSeries()
    private var recentIDs = RecentRequestIDs(capacity: RecentRequestIDs.defaultCapacity)
    private var chunkOrder: [(Target, Int64)] = []
    private var chunkOrderStart = 0
    static let chunksKept = 20_000

    enum Target: Sendable, Hashable {
        case pod(PodName)
        case service(ServiceKey)
    }

    /// A ledger begun once pods are known: their current addresses are where it starts.
    public init(store: Store) {
        addresses = PodAddressBook(store: store)
    }

    /// Keeps the address book up to date; called with every watch event after the first log line.
    public mutating func observe(_ event: WatchEvent) {
        addresses.observe(event)
    }

    public mutating func take(_ input: LogInput, store: Store) {
        var counts = sources[input.source, default: SourceCounts()]
        counts.lines += 1
        guard let entry = input.entry else {
            counts.skipped += 1
            sources[input.source] = counts
            return
        }
        counts.entries += 1
        sources[input.source] = counts
        guard let target = attribute(entry, from: input.source, store: store) else { return }
        let outbound = entry.direction == .outbound
        let counted = CountedRequest(target: target, second: second(of: entry.start), failure: failure(of: entry), isCallerView: outbound)
        if let id = entry.requestID {
            switch recentIDs.offer(id, counted) {
            case .new:
                break
            case .duplicate:
                return
            case .replaces(let earlier):
                count(earlier, sign: -1)
            }
        }
        count(counted, sign: 1)
    }

    private func attribute(_ entry: AccessLogEntry, from source: LogSource, store: Store) -> Target? {
        switch entry.direction {
        case .inbound:
            let pod = PodName(namespace: source.namespace, name: source.pod)
            return store.instances[pod] != nil ? .pod(pod) : nil
        case .outbound:
            if let ip = entry.upstreamIP,
               let pod = addresses.pod(holding: ip, at: entry.start, tolerance: Self.skewTolerance) {
                return .pod(pod)
            }
            // A Service rollwatch has seen slices of: one it watches. (Only requests that
            // reached no pod come here, which are few: a look over the slices is cheap.)
            guard entry.upstreamIP == nil, let service = Self.service(ofCluster: entry.upstreamCluster),
                  store.slices.values.contains(where: { $0.service == service.name && $0.namespace == service.namespace })
            else { return nil }
            return .service(service)
        case .unknown:
            return nil
        }
    }

    /// "outbound|80||checkout.shop.svc.cluster.local" → shop/checkout.
    static func service(ofCluster cluster: String?) -> ServiceKey? {
        guard let cluster, cluster.hasPrefix("outbound|") else { return nil }
        let parts = cluster.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let host = parts[3].split(separator: ".")
        guard host.count >= 3, host[2] == "svc" else { return nil }
        return ServiceKey(namespace: String(host[1]), name: String(host[0]))
    }

    private func second(of time: Timestamp) -> Int64 { Self.second(time) }

    private func failure(of entry: AccessLogEntry) -> FailureKind? {
        guard entry.isFailed else { return nil }
        return FailureKind(code: entry.code, flags: entry.flags)
    }

    private mutating func count(_ request: CountedRequest, sign: Int) {
        let isNewChunk: Bool
        switch request.target {
        case .pod(let pod): isNewChunk = pods[pod, default: TrafficSeries()].count(at: request.second, failure: request.failure, sign: sign)
        case .service(let service): isNewChunk = services[service, default: TrafficSeries()].count(at: request.second, failure: request.failure, sign: sign)
        }
        if let failure = request.failure {
            everyFailure.count(at: request.second, failure: failure, sign: sign)
            if sign > 0 { failingTargets.insert(request.target) }
            failureRevision &+= 1
        }
        totals.count(request.failure, sign: sign)
        if isNewChunk { keepBounded(adding: (request.target, TrafficSeries.chunkIndex(of: request.second))) }
    }

    /// Remembers the order chunks were made in and gives up the oldest past `chunksKept`.
    private mutating func keepBounded(adding chunk: (Target, Int64)) {
        chunkOrder.append(chunk)
        while chunkOrder.count - chunkOrderStart > Self.chunksKept {
            let (target, index) = chunkOrder[chunkOrderStart]
            chunkOrderStart += 1
            switch target {
            case .pod(let pod): pods[pod]?.dropChunk(index)
            case .service(let service): services[service]?.dropChunk(index)
            }
        }
        if chunkOrderStart > 4096, chunkOrderStart * 2 > chunkOrder.count {
            chunkOrder.removeFirst(chunkOrderStart)
            chunkOrderStart = 0
        }
    }

    // MARK: Reading

    /// Whether any log line was read: reports say nothing of traffic without.
    public var hasSources: Bool { !sources.isEmpty }

    /// Requests of `pod` whose time falls in `start...end`, widened by the skew tolerance.
    public func counts(of pod: PodName, from start: Timestamp, to end: Timestamp) -> TrafficCounts {
        pods[pod].map { $0.counts(from: widenedStart(start), through: widenedEnd(end)) } ?? TrafficCounts()
    }

    /// Requests sent to `service` that reached no pod, in `start...end` (widened).
    public func counts(of service: ServiceKey, from start: Timestamp, to end: Timestamp) -> TrafficCounts {
        services[service].map { $0.counts(from: widenedStart(start), through: widenedEnd(end)) } ?? TrafficCounts()
    }

    /// Failures of every pod and Service in `start...end` (not widened): the header's figure.
    public func failures(from start: Timestamp, to end: Timestamp) -> Int {
        everyFailure.counts(from: second(of: start), through: second(of: end)).failed
    }

    /// Seconds in which `pod`'s requests failed, in `start...end`: the view's errors lane.
    public func failedSeconds(of pod: PodName, from start: Timestamp, to end: Timestamp) -> [(second: Int64, failed: Int)] {
        pods[pod]?.failedSeconds(from: second(of: start), through: second(of: end)) ?? []
    }

    var podsWithTraffic: Dictionary<PodName, TrafficSeries>.Keys { pods.keys }
    var targetsWithFailures: Set<Target> { failingTargets }

    func series(of target: Target) -> TrafficSeries? {
        switch target {
        case .pod(let pod): return pods[pod]
        case .service(let service): return services[service]
        }
    }

    private func widenedStart(_ time: Timestamp) -> Int64 { second(of: time.adding(seconds: -Self.skewTolerance)) }
    private func widenedEnd(_ time: Timestamp) -> Int64 { second(of: time.adding(seconds: Self.skewTolerance)) }
}

/// One request as counted: where, which second, and how it failed.
struct CountedRequest: Sendable {
    var target: TrafficLedger.Target
    var second: Int64
    var failure: FailureKind?
    /// Logged by the caller's proxy (outbound): what the client saw.
    var isCallerView: Bool
}

/// The request ids seen lately, with how each was counted, so a second line of
/// the same request is recognised; the oldest are forgotten past `capacity`
/// (the two proxies of one request flush within seconds of each other).
struct RecentRequestIDs: Sendable {
    static let defaultCapacity = 100_000

    enum Offer {
        case new
        case duplicate
        /// The new line is the caller's view of a request counted from its target's: count it instead.
        case replaces(CountedRequest)
    }

    private var seen: [String: CountedRequest] = [:]
    private var order: [String] = []
    private var orderStart = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func offer(_ id: String, _ request: CountedRequest) -> Offer {
        if let earlier = seen[id] {
            guard request.isCallerView, !earlier.isCallerView else { return .duplicate }
            seen[id] = request
            return .replaces(earlier)
        }
        seen[id] = request
        order.append(id)
        if order.count - orderStart > capacity {
            seen[order[orderStart]] = nil
            orderStart += 1
            if orderStart * 2 > order.count {
                order.removeFirst(orderStart)
                orderStart = 0
            }
        }
        return .new
    }
}
