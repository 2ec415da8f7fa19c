import KubeModel

/// How one kubectl stream has fared: shown in the header and reported.
public struct StreamHealth: Sendable, Equatable {
    public enum State: String, Sendable {
        case starting
        case running
        case ended
        case failing
    }

    public var resource: ResourceKind
    public var starts = 0
    public var errors = 0
    public var lastError: String?
    public var lastErrorAt: Timestamp?
    public var state: State = .starting
    /// `proxy` or `exec`, as the stream's last start said (nil when the recording does not say).
    public var transport: String?

    public init(resource: ResourceKind) {
        self.resource = resource
    }

    /// Every start after the first is a restart (a resumed watch or a new list).
    public var restarts: Int { max(0, starts - 1) }
}
