import KubeModel
import RolloutCore

/// A recording loaded for replay: every input in order, and keyframes (the state
/// after every so many inputs) so that seeking anywhere in a long file re-applies
/// at most one keyframe's worth of inputs instead of reading from the start.
public struct ReplayTimeline: Sendable {
    public let inputs: [SessionInput]
    /// The state after `count` inputs, for a few counts spread over the file (the first is 0).
    private var keyframes: [(count: Int, state: RolloutState)]
    /// The state after every input, advanced to the last input's time: what `report` prints.
    public let finalState: RolloutState

    /// At most this many keyframes: each is a copy of the store, so memory grows with them.
    static let maximumKeyframes = 40
    static let minimumSpacing = 200

    public init(inputs: [SessionInput], initial: RolloutState) {
        self.inputs = inputs
        let spacing = max(ReplayTimeline.minimumSpacing, inputs.count / ReplayTimeline.maximumKeyframes + 1)
        var keyframes = [(count: 0, state: initial)]
        var state = initial
        for (index, input) in inputs.enumerated() {
            state.ingest(input)
            if (index + 1) % spacing == 0 { keyframes.append((count: index + 1, state: state)) }
        }
        if let last = inputs.last { state.advance(to: last.time) }
        self.keyframes = keyframes
        finalState = state
    }

    public var startTime: Timestamp? { inputs.first?.time }
    public var endTime: Timestamp? { inputs.last?.time }

    /// How many inputs happened at or before `time`.
    public func count(atOrBefore time: Timestamp) -> Int {
        var low = 0
        var high = inputs.count
        while low < high {
            let middle = (low + high) / 2
            if inputs[middle].time <= time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The state after the first `count` inputs, starting from `current` when it is
    /// on the way (playing forward), else from the nearest keyframe before `count`.
    /// `clockLimit`: reuse `current` only if its clock has not passed this time
    /// (rules advanced past it cannot be taken back).
    public func state(after count: Int, from current: RolloutState? = nil, clockLimit: Timestamp? = nil) -> RolloutState {
        let count = min(max(0, count), inputs.count)
        let keyframe = keyframes.last { $0.count <= count }!
        var state = keyframe.state
        if let current, current.inputCount <= count, current.inputCount >= keyframe.count,
           clockLimit.map({ (current.clock ?? $0) <= $0 }) ?? true {
            state = current
        }
        for index in state.inputCount..<count {
            state.ingest(inputs[index])
        }
        return state
    }

    /// The state at replay clock `time`: every input up to it, and the rules advanced to it.
    public func state(at time: Timestamp, from current: RolloutState? = nil) -> RolloutState {
        var state = state(after: count(atOrBefore: time), from: current, clockLimit: time)
        state.advance(to: time)
        return state
    }
}
