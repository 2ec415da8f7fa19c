import KubeModel
import RolloutCore

extension ReplayTimeline {
    /// Builds a timeline from inputs as they are read, one pass, so a loader can index a
    /// recording and place keyframes in the same read without holding what it decoded.
    public struct Builder: Sendable {
        private var state: RolloutState
        private var keyframes: [Keyframe]
        private var spacing: KeyframeSpacing
        /// Cost between keyframes now: the minimum, doubled each time the keyframes were thinned.
        private var interval: Int
        private var cost = 0

        public init(initial: RolloutState, spacing: KeyframeSpacing) {
            state = initial
            keyframes = [Keyframe(count: 0, cost: 0, state: initial)]
            self.spacing = spacing
            interval = spacing.minimumCost
        }

        public var inputCount: Int { state.inputCount }

        public mutating func take(_ input: SessionInput, cost inputCost: Int) {
            state.ingest(input)
            cost += max(1, inputCost)
            guard cost - keyframes[keyframes.count - 1].cost >= interval else { return }
            keyframes.append(Keyframe(count: state.inputCount, cost: cost, state: state))
            if keyframes.count > spacing.maximumCount {
                // Keeps the initial state and every other one from it, the newest included.
                keyframes = keyframes.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
                interval *= 2
            }
        }

        /// The timeline over `inputs`, which must be the inputs taken, in order.
        public func timeline(over inputs: any ReplayInputs) -> ReplayTimeline {
            precondition(inputs.count == state.inputCount, "the timeline's inputs are the ones the builder took")
            var final = state
            if inputs.count > 0 { final.advance(to: inputs.time(at: inputs.count - 1)) }
            return ReplayTimeline(inputs: inputs, keyframes: keyframes, finalState: final)
        }
    }
}
