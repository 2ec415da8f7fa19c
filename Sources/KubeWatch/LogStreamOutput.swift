import KubeModel

/// What a log stream hands downstream, in the order it happened.
public enum LogStreamOutput: Sendable {
    /// A line, with when it arrived here (its stamp is when the container wrote it).
    case line(LogLine, received: Timestamp)
    /// A line longer than `maximumLineBytes`: dropped whole, counted (its bytes never kept).
    case overlong(received: Timestamp)
    /// A request made, a container not started yet, a body ended, an error, the end.
    case notice(LogStreamNotice)
}
