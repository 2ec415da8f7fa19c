import KubeModel

/// One change in a pod's life, stamped with the receive time of the watch event
/// that showed it: the raw material of timelines, waterfalls and evidence.
public struct Transition: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        case podSeen(phase: String)
        case scheduled(node: String)
        case podIP(String)
        case phase(String)
        case condition(type: String, status: String, reason: String?)
        case containerState(container: String, state: ContainerState.Kind, reason: String?)
        case containerReady(container: String, ready: Bool)
        case containerStarted(container: String, started: Bool)
        case containerRestarted(container: String, restarts: Int)
        case deletionRequested(gracePeriodSeconds: Int?)
        case removed(whileUnwatched: Bool)
        case endpoint(service: String, membership: EndpointMembership?)
        case event(reason: String, message: String, count: Int, source: String)
    }

    public var time: Timestamp
    public var change: Change

    public init(time: Timestamp, change: Change) {
        self.time = time
        self.change = change
    }

    /// One line for evidence and the event list (cluster strings are terminal-safe from decoding).
    public var summary: String {
        switch change {
        case .podSeen(let phase): return "pod seen, phase \(phase)"
        case .scheduled(let node): return "scheduled on \(node)"
        case .podIP(let ip): return "pod IP \(ip)"
        case .phase(let phase): return "phase \(phase)"
        case .condition(let type, let status, let reason):
            return "condition \(type)=\(status)" + (reason.map { " (\($0))" } ?? "")
        case .containerState(let container, let state, let reason):
            return "\(container) \(state.rawValue)" + (reason.map { " (\($0))" } ?? "")
        case .containerReady(let container, let ready): return "\(container) ready=\(ready)"
        case .containerStarted(let container, let started): return "\(container) started=\(started)"
        case .containerRestarted(let container, let restarts): return "\(container) restarted (\(restarts) restarts)"
        case .deletionRequested(let grace): return "deletion requested" + (grace.map { ", grace period \($0) s" } ?? "")
        case .removed(let unwatched): return unwatched ? "gone (deleted while no watch was open)" : "deleted"
        case .endpoint(let service, let membership):
            return "endpoint of \(service): " + (membership?.description ?? "absent")
        case .event(let reason, let message, let count, _):
            return "event \(reason): \(message)" + (count > 1 ? " (×\(count))" : "")
        }
    }
}

/// How a pod stands in one Service's endpoints (EndpointSlice conditions).
public struct EndpointMembership: Sendable, Equatable, CustomStringConvertible {
    public var ready: Bool
    public var serving: Bool
    public var terminating: Bool

    public init(ready: Bool, serving: Bool, terminating: Bool) {
        self.ready = ready
        self.serving = serving
        self.terminating = terminating
    }

    /// Two slices can list one pod (dual stack, port sets): ready in any is ready.
    public func merged(with other: EndpointMembership) -> EndpointMembership {
        EndpointMembership(ready: ready || other.ready, serving: serving || other.serving, terminating: terminating && other.terminating)
    }

    public var description: String {
        if ready { return "ready" }
        if serving { return terminating ? "serving, terminating" : "serving" }
        return terminating ? "terminating" : "not ready"
    }
}
