#if canImport(Glibc)
import Glibc
#endif

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
