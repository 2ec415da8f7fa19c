import KubeModel

/// One lane of a pod's timeline — a container, a Service membership, a readiness gate or
/// the pod's `Ready` — as a step function of time. The terminal detail pane and the HTML
/// page draw the same lanes, so the facts are worked out here once and each drawing only
/// maps a `State` to its glyph or colour.
public struct PodLane: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case container(name: String, role: ContainerRole)
        case service(String)
        /// A readiness gate (`spec.readinessGates`) by its condition type.
        case gate(String)
        /// The pod's `Ready` condition.
        case ready
    }

    /// What the lane shows from one change to the next.
    public enum State: Sendable, Equatable {
        /// Nothing: before the first change, a terminated container, a pod out of a Service.
        case none
        /// A container waiting; a condition (gate, `Ready`) False.
        case waiting
        /// A container running but not ready.
        case running
        /// A container ready; an endpoint ready; a condition True.
        case ready
        /// An endpoint serving but not ready.
        case serving
        /// An endpoint terminating.
        case terminating
        /// In the Service's endpoints, but neither ready, serving nor terminating.
        case listed
    }

    public struct Change: Sendable, Equatable {
        public var time: Timestamp
        public var state: State
    }

    public var kind: Kind
    /// Time order; the lane is `.none` before the first.
    public var changes: [Change]

    public init(kind: Kind, changes: [Change] = []) {
        self.kind = kind
        self.changes = changes
    }

    public func state(at time: Timestamp) -> State {
        changes.last { $0.time <= time }?.state ?? .none
    }

    /// The lane's name as views print it: the container or gate (GKE's long NEG gate type
    /// shortened), `svc NAME`, `pod Ready`.
    public var label: String {
        switch kind {
        case .container(let name, _): return name
        case .service(let name): return "svc " + name
        case .gate(let type): return PodLane.gateLabel(type)
        case .ready: return "pod Ready"
        }
    }

    public static func gateLabel(_ type: String) -> String {
        type == NEGGateRule.gate ? "gate neg-ready" : "gate " + type
    }

    /// Each run of one state with its start and end (the last ends at `end`), `.none` runs left out.
    public func spans(until end: Timestamp) -> [(start: Timestamp, end: Timestamp, state: State)] {
        var spans: [(start: Timestamp, end: Timestamp, state: State)] = []
        for (index, change) in changes.enumerated() where change.state != .none {
            let stop = index + 1 < changes.count ? changes[index + 1].time : end
            guard stop > change.time || index + 1 == changes.count else { continue }
            if let last = spans.last, last.state == change.state, last.end == change.time {
                spans[spans.count - 1].end = max(stop, change.time)
            } else {
                spans.append((change.time, max(stop, change.time), change.state))
            }
        }
        return spans
    }
}
