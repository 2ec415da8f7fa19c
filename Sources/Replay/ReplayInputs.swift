import KubeModel

/// The inputs a replay steps through, by index. A timeline keeps only their times at
/// hand and decodes an input when a seek replays it, so a recording's inputs need not
/// all sit in memory decoded (`RecordingLines` reads each from its line).
public protocol ReplayInputs: Sendable {
    var count: Int { get }
    /// Input `index`'s receive time, without decoding it.
    func time(at index: Int) -> Timestamp
    /// Input `index`, decoded.
    func input(at index: Int) -> SessionInput
    /// What replaying input `index` costs, in the units keyframes are spaced by
    /// (a recording's line bytes: decoding dominates a replay).
    func cost(at index: Int) -> Int
    /// Decoded inputs held in memory: what a replay of a recording must not hold (a test says so).
    var decodedInputsHeld: Int { get }
}

/// Inputs already decoded (tests, and anything built in memory): each costs one.
extension Array: ReplayInputs where Element == SessionInput {
    public func time(at index: Int) -> Timestamp { self[index].time }
    public func input(at index: Int) -> SessionInput { self[index] }
    public func cost(at index: Int) -> Int { 1 }
    public var decodedInputsHeld: Int { count }
}
