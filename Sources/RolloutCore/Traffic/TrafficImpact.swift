import KubeModel

/// Failed requests no finding's window covers, for one pod (or, when they reached
/// no pod, one Service): what rollwatch cannot explain, said as such.
public struct UnexplainedFailures: Sendable, Equatable {
    public var namespace: String
    public var pod: String?
    public var service: String?
    /// The window's first second and the end of its last.
    public var start: Timestamp
    public var end: Timestamp
    public var counts: TrafficCounts
}

extension TrafficLedger {
    /// Failed seconds at most this far apart are one window of unexplained failures.
    static let unexplainedGapSeconds: Int64 = 2

    /// The requests a finding's race touched: those of its pod (for a Service finding,
    /// of the Service's pods and those that reached none of them) whose time falls in
    /// the finding's window, open ones up to `now`.
    public func impact(of finding: Finding, store: Store, now: Timestamp) -> TrafficCounts {
        let end = finding.end ?? now
        if let pod = finding.pod {
            return counts(of: PodName(namespace: finding.namespace, name: pod), from: finding.start, to: end)
        }
        guard let service = finding.service else { return TrafficCounts() }
        let key = ServiceKey(namespace: finding.namespace, name: service)
        var total = counts(of: key, from: finding.start, to: end)
        for pod in podsWithTraffic where Self.pod(pod, isIn: key, store: store) {
            total.add(counts(of: pod, from: finding.start, to: end))
        }
        return total
    }

    /// Failures outside every finding's window (widened by the skew tolerance), grouped
    /// per pod (or Service) into windows of seconds at most `unexplainedGapSeconds` apart.
    /// The findings' windows are indexed by pod and Service first, and only pods and
    /// Services that had failures are looked at, so this costs the findings plus the
    /// failing pods' failed seconds, not findings × pods (the view asks it while the
    /// findings list is open).
    public func unexplained(findings: [Finding], store: Store, now: Timestamp) -> [UnexplainedFailures] {
        var podWindows: [PodName: [ClosedRange<Int64>]] = [:]
        var serviceWindows: [ServiceKey: [ClosedRange<Int64>]] = [:]
        for finding in findings {
            let start = finding.start.adding(seconds: -Self.skewTolerance)
            let end = (finding.end ?? now).adding(seconds: Self.skewTolerance)
            let window = Self.second(start)...Self.second(end)
            if let pod = finding.pod {
                podWindows[PodName(namespace: finding.namespace, name: pod), default: []].append(window)
            } else if let service = finding.service {
                serviceWindows[ServiceKey(namespace: finding.namespace, name: service), default: []].append(window)
            }
        }
        var result: [UnexplainedFailures] = []
        for target in targetsWithFailures {
            guard let series = series(of: target) else { continue }
            let failed = series.allFailedSeconds
            guard !failed.isEmpty else { continue }
            // A pod's own findings, and those of each Service it is a member of.
            let windows: [ClosedRange<Int64>] = switch target {
            case .pod(let pod):
                podWindows[pod, default: []] + (store.endpoints[pod]?.keys.flatMap {
                    serviceWindows[ServiceKey(namespace: pod.namespace, name: $0), default: []]
                } ?? [])
            case .service(let key): serviceWindows[key, default: []]
            }
            var group: [Int64] = []
            func close() {
                guard let first = group.first, let last = group.last else { return }
                var counts = TrafficCounts()
                for second in group { counts.add(series.counts(from: second, through: second)) }
                let (namespace, pod, service): (String, String?, String?) = switch target {
                case .pod(let name): (name.namespace, name.name, nil)
                case .service(let key): (key.namespace, nil, key.name)
                }
                result.append(UnexplainedFailures(namespace: namespace, pod: pod, service: service,
                                                  start: Timestamp(microseconds: first * 1_000_000),
                                                  end: Timestamp(microseconds: (last + 1) * 1_000_000), counts: counts))
                group = []
            }
            for (second, _) in failed where !windows.contains(where: { $0.contains(second) }) {
                if let last = group.last, second - last > Self.unexplainedGapSeconds { close() }
                group.append(second)
            }
            close()
        }
        // Targets come in no order: the key names each window's target whole, so the order is always the same.
        return result.sorted {
            ($0.start, $0.namespace, $0.pod ?? "", $0.service ?? "") < ($1.start, $1.namespace, $1.pod ?? "", $1.service ?? "")
        }
    }

    static func pod(_ pod: PodName, isIn service: ServiceKey, store: Store) -> Bool {
        pod.namespace == service.namespace && store.endpoints[pod]?[service.name] != nil
    }

    /// The whole second `time` falls in (floored, before 1970 too): what counts are kept by.
    public static func second(_ time: Timestamp) -> Int64 {
        time.microseconds >= 0 ? time.microseconds / 1_000_000 : (time.microseconds - 999_999) / 1_000_000
    }
}
