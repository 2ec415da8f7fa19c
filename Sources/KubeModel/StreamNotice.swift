/// A change in a stream's life, recorded beside the events so that replay shows
/// the same stream health as the live session.
public struct StreamNotice: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case started
        case ended
        case error
    }

    public var time: Timestamp
    public var resource: ResourceKind
    public var kind: Kind
    /// Terminal-safe: made so here, since a notice's detail is put together from
    /// kubectl's output, server statuses and recordings, and is shown as it is.
    public var detail: String
    /// On `started`: how the stream reaches the API server, `proxy` or `exec`
    /// (nil in recordings made before there was a choice).
    public var transport: String?

    public init(time: Timestamp, resource: ResourceKind, kind: Kind, detail: String, transport: String? = nil) {
        self.time = time
        self.resource = resource
        self.kind = kind
        self.detail = detail.sanitizedForTerminal
        self.transport = transport?.sanitizedForTerminal
    }
}
