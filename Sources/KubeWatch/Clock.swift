#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KubeModel

/// Seconds on the monotonic clock: for deadlines and backoff, immune to wall-clock jumps.
public struct MonotonicInstant: Sendable, Comparable, Hashable {
    public var seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
    }

    public static func now() -> MonotonicInstant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicInstant(seconds: Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9)
    }

    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool { lhs.seconds < rhs.seconds }

    public func adding(_ seconds: Double) -> MonotonicInstant { MonotonicInstant(seconds: self.seconds + seconds) }
}

extension Timestamp {
    /// The wall clock now: the receive time stamped on every event.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(microseconds: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }
}

extension MonotonicInstant {
    /// The monotonic instant at which the wall clock reads `time`, from one
    /// wall/monotonic reading taken at start-up: a stable deadline for wall-clock
    /// times such as rule thresholds (a wall-clock jump later shifts it, no more).
    public init(wallClock time: Timestamp) {
        self.init(seconds: time.seconds(since: MonotonicInstant.wallClockOrigin.wall) + MonotonicInstant.wallClockOrigin.monotonic.seconds)
    }

    private static let wallClockOrigin = (wall: Timestamp.now(), monotonic: MonotonicInstant.now())
}
