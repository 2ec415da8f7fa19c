#if canImport(Glibc)
import Glibc
#endif

/// The wall clock, as a plain number: the receive time stamped on every event is
/// built from it (`Timestamp.now()` in KubeModel), so this layer needs no model type.
public enum WallClock {
    /// Microseconds since the Unix epoch, UTC (CLOCK_REALTIME).
    public static func microsecondsSinceEpoch() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }
}
