/// Capped exponential backoff with jitter, so a failing kubectl is retried
/// calmly and many rollwatch instances do not retry in step.
public struct Backoff: Sendable {
    public var initial: Double
    public var cap: Double
    public private(set) var attempt = 0

    public init(initial: Double = 0.5, cap: Double = 30) {
        self.initial = initial
        self.cap = cap
    }

    /// The next delay: `initial·2^attempt`, capped, then drawn from its upper half.
    public mutating func nextDelay<R: RandomNumberGenerator>(using random: inout R) -> Double {
        let ceiling = min(cap, initial * Double(1 << min(attempt, 20)))
        attempt += 1
        return Double.random(in: (ceiling / 2)...ceiling, using: &random)
    }

    public mutating func nextDelay() -> Double {
        var random = SystemRandomNumberGenerator()
        return nextDelay(using: &random)
    }

    public mutating func reset() {
        attempt = 0
    }
}
