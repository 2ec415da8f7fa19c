/// How far apart keyframes go, in the cost of replaying the inputs between them, and
/// how many a timeline keeps at most.
///
/// Each keyframe is a copy of the whole state; copy-on-write makes taking one cheap, but
/// every later change makes the playing state copy what it touches, so each keyframe
/// comes to hold its own share of the store. The count is therefore capped: when a
/// recording needs more, every other keyframe is dropped and the spacing doubles, so a
/// timeline ends with between half the cap and the cap, evenly spread by cost, and
/// memory while loading never holds more than the cap plus one.
public struct KeyframeSpacing: Sendable, Equatable {
    /// The least cost between two keyframes: below it, replaying from the previous one is cheap anyway.
    public var minimumCost: Int
    /// At most this many keyframes (even, so thinning keeps the newest).
    public var maximumCount: Int

    public init(minimumCost: Int, maximumCount: Int) {
        precondition(minimumCost > 0 && maximumCount >= 2 && maximumCount % 2 == 0)
        self.minimumCost = minimumCost
        self.maximumCount = maximumCount
    }

    /// Inputs already decoded, each costing one: a keyframe every 200 inputs or more, at most 40.
    public static let perInput = KeyframeSpacing(minimumCost: 200, maximumCount: 40)
}
