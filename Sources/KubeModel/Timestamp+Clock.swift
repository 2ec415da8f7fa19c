import Runtime

extension Timestamp {
    /// The wall clock now: the receive time stamped on every event.
    public static func now() -> Timestamp {
        Timestamp(microseconds: WallClock.microsecondsSinceEpoch())
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
