/// One request as an Envoy (istio-proxy) access log tells it, cut down to what
/// attribution needs: when it started, how it ended, where it went, and its id.
/// Paths, query strings, user agents, forwarded-for addresses and authorities are
/// not kept here (they are personal data in most incident tickets); a raw
/// recording keeps the whole line instead.
///
/// Every string is terminal-safe and bounded (`AccessLogEntry.fieldLimit`): the
/// line came from a container's stdout, which anything can write to.
public struct AccessLogEntry: Sendable, Equatable {
    /// `%START_TIME%`: the request's own time, in the proxy's (the node's) clock.
    /// Proxies flush about once a second, so this, not the line's arrival, places it.
    public var start: Timestamp
    /// `%RESPONSE_CODE%`; 0 when no response was sent (a reset, a TCP stream).
    public var code: Int
    /// `%RESPONSE_FLAGS%`, split at commas ("UF,URX"), in the order Envoy wrote them; empty for "-".
    public var flags: [String]
    /// `%RESPONSE_CODE_DETAILS%` ("upstream_reset_before_response_started{connection_failure}").
    public var details: String?
    /// `%UPSTREAM_HOST%`: "10.8.0.12:8080", the address the proxy sent the request to.
    public var upstreamHost: String?
    /// `%UPSTREAM_CLUSTER_RAW%` (`%UPSTREAM_CLUSTER%` in older releases): "inbound|8080||" or
    /// "outbound|80||checkout.shop.svc.cluster.local", which says the direction.
    public var upstreamCluster: String?
    /// `x-request-id`: how a request logged by its caller's and its target's proxy is told apart from two.
    public var requestID: String?
    /// `%DURATION%`, milliseconds.
    public var durationMilliseconds: Int?

    public init(start: Timestamp, code: Int, flags: [String] = [], details: String? = nil, upstreamHost: String? = nil,
                upstreamCluster: String? = nil, requestID: String? = nil, durationMilliseconds: Int? = nil) {
        self.start = start
        self.code = code
        self.flags = flags
        self.details = details
        self.upstreamHost = upstreamHost
        self.upstreamCluster = upstreamCluster
        self.requestID = requestID
        self.durationMilliseconds = durationMilliseconds
    }

    /// The longest field kept; longer ones are cut (a hostile line cannot grow a recording).
    public static let fieldLimit = 256

    public enum Direction: String, Sendable {
        /// The logging proxy received it for its own pod's app.
        case inbound
        /// The logging proxy sent it on to another pod (`upstreamHost`).
        case outbound
        /// No cluster named (no route, a listener without one).
        case unknown
    }

    /// Istio names inbound clusters `inbound|PORT|…` and outbound ones `outbound|PORT|…`;
    /// a gateway's clusters are all outbound.
    public var direction: Direction {
        guard let upstreamCluster else { return .unknown }
        if upstreamCluster.hasPrefix("inbound|") || upstreamCluster == "InboundPassthroughClusterIpv4"
            || upstreamCluster == "InboundPassthroughClusterIpv6" { return .inbound }
        if upstreamCluster.hasPrefix("outbound|") || upstreamCluster == "PassthroughCluster" { return .outbound }
        return .unknown
    }

    /// The IP of `upstreamHost` without its port ("10.8.0.12:8080" → "10.8.0.12", "[fd00::1]:80" → "fd00::1").
    public var upstreamIP: String? {
        guard let host = upstreamHost, !host.isEmpty, host != "-" else { return nil }
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            return String(host[host.index(after: host.startIndex)..<close])
        }
        guard let colon = host.lastIndex(of: ":") else { return host }
        return String(host[..<colon])
    }

    /// Envoy's response flags that mean the request failed because of where it was sent:
    /// no healthy upstream (UH), connection failure (UF), overflow (UO), no route (NR),
    /// retries exhausted (URX), no cluster (NC), upstream timeout (UT), local reset (LR),
    /// upstream remote reset (UR) and upstream connection termination (UC). DC (the
    /// downstream, the caller, closed the connection) is not among them: a client that
    /// gave up or went away says nothing about the pods of a rollout, and counting it
    /// would blame a race for every impatient browser.
    public static let failureFlags: Set<String> = ["UF", "URX", "UH", "UC", "UR", "LR", "UT", "NR", "NC", "UO"]

    /// 5xx, or any failure flag.
    public var isFailed: Bool {
        (500...599).contains(code) || flags.contains(where: Self.failureFlags.contains)
    }
}

/// The container whose log a line came from.
public struct LogSource: Sendable, Hashable, Comparable {
    public var namespace: String
    public var pod: String
    public var container: String

    public init(namespace: String, pod: String, container: String) {
        self.namespace = namespace
        self.pod = pod
        self.container = container
    }

    public static func < (lhs: LogSource, rhs: LogSource) -> Bool {
        (lhs.namespace, lhs.pod, lhs.container) < (rhs.namespace, rhs.pod, rhs.container)
    }
}

/// One line of a followed proxy log, as the pipeline takes it in: an access-log
/// entry, or a line that is not one (Envoy's own log, app output, garbage), which
/// is only counted.
public struct LogInput: Sendable, Equatable {
    /// When rollwatch received the line (its receive timeline, like every input).
    public var time: Timestamp
    public var source: LogSource
    /// nil: a skipped line.
    public var entry: AccessLogEntry?
    /// The line as the proxy wrote it, made terminal-safe and bounded: only in raw recordings.
    public var raw: String?

    public init(time: Timestamp, source: LogSource, entry: AccessLogEntry?, raw: String? = nil) {
        self.time = time
        self.source = source
        self.entry = entry
        self.raw = raw
    }
}
