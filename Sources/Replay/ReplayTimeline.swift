import KubeModel
import RolloutCore

/// A recording loaded for replay: its inputs by index (decoded when a seek replays
/// them), and keyframes (the state after so many inputs) so that seeking anywhere in
/// a long file re-applies at most one keyframe's worth of inputs instead of reading
/// from the start.
public struct ReplayTimeline: Sendable {
    public let inputs: any ReplayInputs
    /// The state after `count` inputs, for a few counts spread over the file (the first is 0).
    private let keyframes: [Keyframe]
    /// The state after every input, advanced to the last input's time: what `report` prints.
    public let finalState: RolloutState

    /// Reads every input of `inputs` once to place the keyframes.
    public init(inputs: some ReplayInputs, initial: RolloutState, spacing: KeyframeSpacing = .perInput) {
        var builder = Builder(initial: initial, spacing: spacing)
        for index in 0..<inputs.count { builder.take(inputs.input(at: index), cost: inputs.cost(at: index)) }
        self = builder.timeline(over: inputs)
    }

    init(inputs: any ReplayInputs, keyframes: [Keyframe], finalState: RolloutState) {
        precondition(keyframes.first?.count == 0, "a timeline starts with the initial state")
        self.inputs = inputs
        self.keyframes = keyframes
        self.finalState = finalState
    }

    public var startTime: Timestamp? { inputs.count > 0 ? inputs.time(at: 0) : nil }
    public var endTime: Timestamp? { inputs.count > 0 ? inputs.time(at: inputs.count - 1) : nil }
    /// How many keyframes the timeline keeps (the initial state counts as one).
    public var keyframeCount: Int { keyframes.count }

    /// How many inputs happened at or before `time`.
    public func count(atOrBefore time: Timestamp) -> Int {
        var low = 0
        var high = inputs.count
        while low < high {
            let middle = (low + high) / 2
            if inputs.time(at: middle) <= time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The state after the first `count` inputs, starting from `current` when it is
    /// on the way (playing forward), else from the nearest keyframe before `count`.
    /// `clockLimit`: reuse `current` only if its clock has not passed this time
    /// (rules advanced past it cannot be taken back). `current` is consumed: when it is
    /// not on the way it is let go before replaying, so a seek back does not hold the
    /// old state's changes and the new one's at once (up to ~35 MB on the 10,000-pod capture).
    public func state(after count: Int, from current: consuming RolloutState? = nil, clockLimit: Timestamp? = nil) -> RolloutState {
        let count = min(max(0, count), inputs.count)
        let keyframe = keyframes.last { $0.count <= count }!
        var state = keyframe.state
        if let usable = current, usable.inputCount <= count, usable.inputCount >= keyframe.count,
           clockLimit.map({ (usable.clock ?? $0) <= $0 }) ?? true {
            state = usable
        }
        current = nil
        for index in state.inputCount..<count {
            state.ingest(inputs.input(at: index))
        }
        return state
    }

    /// The state at replay clock `time`: every input up to it, and the rules advanced to it.
    public func state(at time: Timestamp, from current: consuming RolloutState? = nil) -> RolloutState {
        var state = state(after: count(atOrBefore: time), from: current.take(), clockLimit: time)
        state.advance(to: time)
        return state
    }
}

extension ReplayTimeline {
    /// A state kept to seek from: the state after the first `count` inputs.
    struct Keyframe: Sendable {
        var count: Int
        /// The inputs' cost up to here, to space the next keyframe.
        var cost: Int
        var state: RolloutState
    }
}
