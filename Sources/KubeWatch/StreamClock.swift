import KubeModel
import Runtime

/// Where a stream reads the time: the system clocks, or a test's, so a stream's
/// 30 s of list silence or its backoff run in milliseconds under test.
public struct StreamClock {
    /// The receive time stamped on every document and notice.
    public var wall: () -> Timestamp
    /// The loop's clock, for an end heard outside a handler that is given `now` (a child reaped).
    public var monotonic: () -> MonotonicInstant

    public init(wall: @escaping () -> Timestamp, monotonic: @escaping () -> MonotonicInstant) {
        self.wall = wall
        self.monotonic = monotonic
    }

    public static var system: StreamClock { StreamClock(wall: Timestamp.now, monotonic: MonotonicInstant.now) }
}
