import KubeModel

/// `no-drain-delay` (warning; critical if still a ready endpoint when the app exits):
/// a pod that was serving is deleted and an app container exits sooner than the
/// drain window after the deletion request, while load balancers may still send it traffic.
struct NoDrainDelayRule: PodRule {
    /// Deletion, containers and the gate (object), endpoint transitions, the exit and
    /// removal, and evidence of Killing and FailedPreStopHook events.
    let reads: PodInputs = [.object, .endpoints, .drainEvents, .timelineCut, .removal]
    /// All but the Events, which are only evidence: cut transitions can change what it
    /// finds of the state at the deletion request.
    let observesWhen: PodInputs = [.object, .endpoints, .timelineCut, .removal]
    let emits: [RuleID] = [.noDrainDelay]
    static let remedy = """
        Keep serving until load balancers stop sending: a preStop delay longer than their propagation, on each app container:
          lifecycle:
            preStop:
              sleep:
                seconds: 15        # Kubernetes ≥ 1.30; works on distroless images
          # older clusters: exec: {command: ["/bin/sh", "-c", "sleep 15"]}
        and terminationGracePeriodSeconds above the preStop delay plus the app's own shutdown.
        """

    func observe(_ pod: PodRecord, in store: Store, settings: RuleSettings) -> [Observation] {
        guard let deletionSeen = pod.deletionRequestedAt else { return [] }
        // Pods and EndpointSlices come on separate streams, so the endpoint controller's
        // "terminating" can be received before the pod's deletionTimestamp: the deletion
        // happened at the earliest of the two.
        // `transitions`, not `timeline`: read where they are kept, not gathered into an array.
        let terminatingSeen = pod.transitions.first { transition in
            if case .endpoint(_, let membership?) = transition.change { return membership.terminating }
            return false
        }?.time
        let requested = min(deletionSeen, terminatingSeen ?? deletionSeen)
        // What it was just before the deletion, allowing for the usual propagation lag.
        let atRequest = state(of: pod, before: requested)
        let before = atRequest.readyServices.isEmpty ? state(of: pod, before: requested.adding(seconds: -settings.lagTolerance)) : atRequest
        guard !before.readyServices.isEmpty || before.gateTrue else { return [] }
        let apps = Set(pod.containerNames { $0.role == .app })
        let exit = pod.transitions.first { transition in
            guard transition.time >= requested, case .containerState(let name, .terminated, _) = transition.change else { return false }
            return apps.contains(name)
        }
        guard let exitTime = exit?.time ?? pod.removedAt, exitTime.seconds(since: requested) < settings.drainWindow else { return [] }
        let atExit = state(of: pod, before: exitTime.adding(seconds: 0.000_001))
        let exited: [String]
        if case .containerState(let name, _, _)? = exit?.change { exited = [name] } else { exited = Array(apps).sorted() }
        let gap = exitTime.seconds(since: requested)
        let stillReady = !atExit.readyServices.isEmpty
        return [Observation(
            rule: .noDrainDelay, severity: stillReady ? .critical : .warning, pod: pod,
            containers: exited, service: (stillReady ? atExit.readyServices : before.readyServices).first,
            summary: "\(exited.joined(separator: ", ")) exited \(formatSeconds(gap)) after deletion (drain window \(formatSeconds(settings.drainWindow)))"
                + (stillReady ? " while still a ready endpoint of \(atExit.readyServices.joined(separator: ", "))" : ""),
            evidence: pod.evidence { change in
                switch change {
                case .deletionRequested, .removed, .endpoint: return true
                case .containerState(let name, _, _): return apps.contains(name)
                case .event(let reason, _, _, _): return reason == "Killing" || reason == "FailedPreStopHook"
                default: return false
                }
            }.filter { $0.at >= requested.adding(seconds: -settings.drainWindow) },
            remedy: NoDrainDelayRule.remedy,
            window: (start: requested, end: exitTime))]
    }

    /// Endpoint membership and NEG gate as the timeline had them just before `time`.
    private func state(of pod: PodRecord, before time: Timestamp) -> (readyServices: [String], gateTrue: Bool) {
        var ready: [String: Bool] = [:]
        var gate = false
        pod.transitions.forEach { transition in
            guard transition.time < time else { return }
            switch transition.change {
            case .endpoint(let service, let membership): ready[service] = membership?.ready ?? false
            case .condition(NEGGateRule.gate, let status, _): gate = status == "True"
            default: break
            }
        }
        return (ready.filter(\.value).keys.sorted(), gate)
    }
}

func formatSeconds(_ seconds: Double) -> String {
    let tenths = (seconds * 10).rounded() / 10
    return tenths == tenths.rounded() ? "\(Int(tenths)) s" : "\(tenths) s"
}
