import KubeModel

/// A pod's way to serving, step by step: scheduled → initialized → containers ready →
/// each gate → Ready → endpoint ready, each at the first time its timeline shows it.
/// Worked out here so the detail pane and the HTML page print the same durations.
public struct ReadinessWaterfall: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case scheduled
        case initialized
        case containersReady
        case gate(String)
        case ready
        case endpointReady
    }

    public struct Step: Sendable, Equatable {
        public var kind: Kind
        /// Nil when the timeline never shows it.
        public var time: Timestamp?

        public var label: String {
            switch kind {
            case .scheduled: return "scheduled"
            case .initialized: return "initialized"
            case .containersReady: return "containers ready"
            case .gate(let type): return PodLane.gateLabel(type)
            case .ready: return "Ready"
            case .endpointReady: return "endpoint ready"
            }
        }
    }

    /// Where the durations count from: when the pod was first seen.
    public var start: Timestamp
    public var steps: [Step]

    public init(_ record: PodRecord) {
        start = record.firstSeen
        func first(_ matches: (Transition.Change) -> Bool) -> Timestamp? {
            record.timeline.first { matches($0.change) }?.time
        }
        func isTrue(_ change: Transition.Change, _ type: String) -> Bool {
            if case .condition(let name, "True", _) = change { return name == type }
            return false
        }
        steps = [
            Step(kind: .scheduled, time: first { if case .scheduled = $0 { return true }; return isTrue($0, "PodScheduled") }),
            Step(kind: .initialized, time: first { isTrue($0, "Initialized") }),
            Step(kind: .containersReady, time: first { isTrue($0, "ContainersReady") }),
        ]
        for gate in record.pod.spec.readinessGates {
            steps.append(Step(kind: .gate(gate), time: first { isTrue($0, gate) }))
        }
        steps.append(Step(kind: .ready, time: first { isTrue($0, "Ready") }))
        steps.append(Step(kind: .endpointReady, time: first { change in
            if case .endpoint(_, let membership?) = change { return membership.ready }
            return false
        }))
    }

    /// Each step with its offset from `start` and the time since the step before
    /// (the latest earlier step shown); nil for steps never reached.
    public var timings: [(step: Step, offset: Double, delta: Double)?] {
        var previous = start
        return steps.map { step in
            guard let time = step.time else { return nil }
            defer { previous = max(previous, time) }
            return (step, time.seconds(since: start), time.seconds(since: previous))
        }
    }

    /// The endpoint was ready more than half a second before the pod was Ready (or the
    /// pod never was): traffic could reach it before it said it could take it.
    public var endpointReadyBeforePod: Bool {
        guard let endpoint = steps.last(where: { $0.kind == .endpointReady })?.time else { return false }
        guard let ready = steps.first(where: { $0.kind == .ready })?.time else { return true }
        return endpoint < ready.adding(seconds: -0.5)
    }
}
