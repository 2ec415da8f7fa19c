import KubeModel

extension PodRecord {
    /// The timeline lanes of this pod instance, top to bottom: each container, each Service
    /// it was in (by name), each readiness gate, then `Ready`.
    public var lanes: [PodLane] {
        var lanes = containers.map { containerLane($0) }
        lanes += serviceNames.map { endpointLane($0) }
        lanes += pod.spec.readinessGates.map { conditionLane($0, kind: .gate($0)) }
        lanes.append(conditionLane("Ready", kind: .ready))
        return lanes
    }

    /// Every Service this instance's timeline shows it in, sorted.
    var serviceNames: [String] {
        var names: Set<String> = []
        for transition in timeline {
            if case .endpoint(let service, _) = transition.change { names.insert(service) }
        }
        return names.sorted()
    }

    private func containerLane(_ container: ContainerRecord) -> PodLane {
        var lane = PodLane(kind: .container(name: container.name, role: container.role))
        var state = ContainerState.Kind.waiting
        var ready = false
        for transition in timeline {
            switch transition.change {
            case .containerState(let name, let newState, _) where name == container.name: state = newState
            case .containerReady(let name, let isReady) where name == container.name: ready = isReady
            default: continue
            }
            let shown: PodLane.State
            switch state {
            case .running: shown = ready ? .ready : .running
            case .terminated: shown = .none
            case .waiting, .unknown: shown = .waiting
            }
            lane.changes.append(PodLane.Change(time: transition.time, state: shown))
        }
        return lane
    }

    private func endpointLane(_ service: String) -> PodLane {
        var lane = PodLane(kind: .service(service))
        for transition in timeline {
            guard case .endpoint(let name, let membership) = transition.change, name == service else { continue }
            let shown: PodLane.State
            if let membership {
                shown = membership.terminating ? .terminating : membership.ready ? .ready : membership.serving ? .serving : .listed
            } else {
                shown = .none
            }
            lane.changes.append(PodLane.Change(time: transition.time, state: shown))
        }
        return lane
    }

    private func conditionLane(_ type: String, kind: PodLane.Kind) -> PodLane {
        var lane = PodLane(kind: kind)
        for transition in timeline {
            guard case .condition(let name, let status, _) = transition.change, name == type else { continue }
            lane.changes.append(PodLane.Change(time: transition.time, state: status == "True" ? .ready : .waiting))
        }
        return lane
    }

    /// Events (`▲`) and the deletion request on the timeline, in time order.
    public var timelineMarks: [(time: Timestamp, mark: TimelineMark)] {
        timeline.compactMap { transition in
            switch transition.change {
            case .event(let reason, let message, _, _): return (transition.time, .event(reason: reason, message: message))
            case .deletionRequested: return (transition.time, .deletionRequested)
            default: return nil
            }
        }
    }
}

/// A point on a pod's timeline drawn as a marker rather than a lane.
public enum TimelineMark: Sendable, Equatable {
    case event(reason: String, message: String)
    case deletionRequested
}
