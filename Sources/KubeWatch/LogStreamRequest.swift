import KubeModel

/// The log of one container, followed: the API path of each request for it.
public struct LogStreamRequest: Sendable, Equatable {
    /// Which container's log: also what every line read from it is said to come from.
    public var source: LogSource

    public var namespace: String { source.namespace }
    public var pod: String { source.pod }
    public var container: String { source.container }

    public init(namespace: String, pod: String, container: String) {
        source = LogSource(namespace: namespace, pod: pod, container: container)
    }

    /// `GET …/pods/NAME/log?container=C&follow=true&timestamps=true[&sinceTime=T]`.
    ///
    /// `sinceTime` goes in whole seconds: the API server hands it on to the kubelet as
    /// `opts.SinceTime.Format(time.RFC3339)` (pkg/registry/core/pod/strategy.go,
    /// LogLocation), so any fraction would be dropped on the way anyway; the kubelet then
    /// sends every line stamped at or after it, which is why a resumed stream gets the
    /// lines of that second again and drops them itself (`LogStreamReplay`).
    public func path(since: Timestamp?) -> String {
        var items = [("container", container), ("follow", "true"), ("timestamps", "true")]
        if let since { items.append(("sinceTime", Self.sinceTime(since))) }
        return "/api/v1/namespaces/\(percentEncoded(namespace))/pods/\(percentEncoded(pod))/log?"
            + items.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    /// `time` floored to its second, in RFC 3339: the kubelet then sends nothing after
    /// `time` that it would not have sent had the fraction been kept.
    static func sinceTime(_ time: Timestamp) -> String {
        time.rfc3339(fractionDigits: 0)
    }
}
