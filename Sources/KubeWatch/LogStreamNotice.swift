import KubeModel

/// A change in a log stream's life: what the status line and a recording say of it.
public struct LogStreamNotice: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A request for the log was made (again).
        case started
        /// The container is not running yet (the API server's 400 "is waiting to start"):
        /// tried again shortly, and not an error.
        case waiting
        /// The body ended (the container restarted, the connection was cut): the stream
        /// resumes from the last line after a short backoff.
        case closed
        /// The stream is over for good: the pod is gone.
        case ended
        case error
    }

    public var time: Timestamp
    public var namespace: String
    public var pod: String
    public var container: String
    public var kind: Kind
    /// Terminal-safe, like the names above: made so here, since it holds kubectl's and
    /// the server's words, which carry the pod's and container's names.
    public var detail: String
    /// On `started`: how the stream reaches the API server, `proxy` or `exec`.
    public var transport: String?

    public init(time: Timestamp, namespace: String, pod: String, container: String, kind: Kind, detail: String,
                transport: String? = nil) {
        self.time = time
        self.namespace = namespace.sanitizedForTerminal
        self.pod = pod.sanitizedForTerminal
        self.container = container.sanitizedForTerminal
        self.kind = kind
        self.detail = detail.sanitizedForTerminal
        self.transport = transport?.sanitizedForTerminal
    }
}
