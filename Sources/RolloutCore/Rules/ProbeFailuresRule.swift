import KubeModel

/// `probe-failures` (info): kubelet `Unhealthy` events ("Readiness probe failed: …")
/// for a container, with their count and time range.
struct ProbeFailuresRule: PodRule {
    static let remedy = """
        Probe failures are the evidence for the window they fall in. If they are expected at start-up, give the \
        app a startupProbe (failureThreshold × periodSeconds above its start time) so readiness is not judged early.
        """

    func observe(_ pod: PodRecord, in store: Store, settings: RuleSettings) -> [Observation] {
        let failures = store.events(of: pod).filter { $0.event.reason == "Unhealthy" && pod.firstSeen.adding(seconds: -300) <= $0.lastReceived }
        var byContainer: [String: [EventRecord]] = [:]
        for record in failures { byContainer[container(of: record.event), default: []].append(record) }
        return byContainer.keys.sorted().map { name in
            let records = byContainer[name]!
            let count = records.map(\.event.count).reduce(0, +)
            let start = records.map(\.firstReceived).min()!
            let end = records.map(\.lastReceived).max()!
            // The first word only: `maxSplits: 1` stops there (empty words are still passed
            // over), where a whole split walked every character of a 4 KiB message on every update.
            let kinds = Set(records.compactMap { $0.event.message.split(separator: " ", maxSplits: 1).first.map(String.init) }).sorted()
            return Observation(
                rule: .probeFailures, severity: .info, pod: pod,
                containers: name.isEmpty ? [] : [name],
                summary: "\(kinds.joined(separator: "/")) probe failed \(count)× on \(name.isEmpty ? "the pod" : name) between \(start.clockString()) and \(end.clockString())",
                evidence: records.map { Evidence(at: $0.lastReceived, what: "\(pod.podName.name): \($0.event.message)" + ($0.event.count > 1 ? " (×\($0.event.count))" : "")) },
                remedy: ProbeFailuresRule.remedy, window: (start: start, end: end))
        }
    }

    /// `spec.containers{grpc-server}` → `grpc-server`.
    private func container(of event: Event) -> String {
        let path = event.involvedObject.fieldPath
        guard let open = path.firstIndex(of: "{"), let close = path.lastIndex(of: "}"), open < close else { return "" }
        return String(path[path.index(after: open)..<close])
    }
}
