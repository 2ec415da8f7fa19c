import JSONLite
import KubeModel

/// Where a report's data came from (`source` in the JSON report).
public struct ReportSource: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case live
        case recording
    }

    public var kind: Kind
    public var context: String?
    public var namespace: String?
    public var target: String?
    public var file: String?

    public init(kind: Kind, context: String? = nil, namespace: String? = nil, target: String? = nil, file: String? = nil) {
        self.kind = kind
        self.context = context
        self.namespace = namespace
        self.target = target
        self.file = file
    }
}

/// The report object of SPEC §5. Field order is part of the contract people diff
/// and jq over, so the object is built explicitly rather than encoded from types.
public struct Report: Sendable {
    public static let formatVersion = 1

    public var version: String
    public var source: ReportSource
    public var store: Store
    public var findings: [Finding]
    /// The time open findings are measured up to: the end of the session.
    public var now: Timestamp
    /// What the followed proxy logs said (`--access-logs`); nil without, and the report
    /// then has no `impact` or `traffic` at all, as before.
    public var traffic: TrafficLedger?
    /// Logs a live session followed that never gave a line, and pods left out by the
    /// cap: `traffic.unread` and `traffic.notFollowed`, only when there are any.
    public var logFollowing: LogFollowing?

    public init(version: String, source: ReportSource, store: Store, findings: [Finding], now: Timestamp,
                traffic: TrafficLedger? = nil, logFollowing: LogFollowing? = nil) {
        self.version = version
        self.source = source
        self.store = store
        self.findings = findings
        self.now = now
        let following = logFollowing?.isEmpty == false ? logFollowing : nil
        // Logs followed without a line read still make a traffic section: it says why.
        self.traffic = traffic ?? following.map { _ in TrafficLedger(store: store) }
        self.logFollowing = following
    }

    /// Findings most severe first, then by start.
    public var orderedFindings: [Finding] {
        findingOrder.map { findings[$0] }
    }

    /// `orderedFindings` as positions in `findings`; equal findings keep their order.
    /// Positions are sorted, not the findings: a sort moves what it sorts many times,
    /// and each move of a `Finding` retained and released every string it holds.
    var findingOrder: [Int] {
        let keys = findings.map { (severity: $0.severity, start: $0.start) }
        return keys.indices.sorted { left, right in
            let (a, b) = (keys[left], keys[right])
            if a.severity != b.severity { return a.severity > b.severity }
            if a.start != b.start { return a.start < b.start }
            return left < right
        }
    }

    /// The whole report object; without pods or findings (empty arrays) for renderers
    /// that take them one at a time from `forEachPod` and `forEachFinding`.
    public func json(includingPods: Bool = true, includingFindings: Bool = true) -> JSON {
        let report: JSON = [
            "rollwatch": ["version": .string(version), "report": .int(Report.formatVersion)],
            "source": sourceJSON,
            "window": ["start": time(store.firstTime), "end": time(store.lastTime)],
            "findings": .array(includingFindings ? orderedFindings.map(findingJSON) : []),
            "pods": .array(includingPods ? podsJSON() : []),
            "streams": .array(store.streams.values.sorted { $0.resource < $1.resource }.map(streamJSON)),
        ]
        guard case .object(var object) = report else { return report }
        // Only when some were dropped: a normal rollout's report is as it was.
        if store.podsNotKept > 0 { object["podsNotKept"] = .int(store.podsNotKept) }
        if let traffic { object["traffic"] = trafficJSON(traffic) }
        return .object(object)
    }

    /// Each pod's report object, in report order.
    public func forEachPod(_ body: (JSON) -> Void) {
        forEachPodRecord { record, revision, services in body(podJSON(record, revision: revision, services: services)) }
    }

    /// Each finding's report object, most severe first (`orderedFindings`): a findings-heavy
    /// session's (20,000, each with its evidence) need not be held as JSON all at once.
    public func forEachFinding(_ body: (JSON) -> Void) {
        forEachReportedFinding { body($0.json) }
    }

    /// Each finding as the report states it, in `orderedFindings` order.
    func forEachReportedFinding(_ body: (ReportedFinding) -> Void) {
        for index in findingOrder { body(reported(findings[index])) }
    }

    private func podsJSON() -> [JSON] {
        var pods: [JSON] = []
        forEachPod { pods.append($0) }
        return pods
    }

    /// Each pod in report order with the facts its `podJSON` holds: the record, its
    /// revision and its Services (none once removed). The text and Markdown tables are
    /// printed from these, as `podJSON` would give them, without building the JSON.
    /// A revision is worked out once per `RevisionKey` (pods of one key share it, and
    /// `revision(of:)` looks through every workload): the store does not change meanwhile.
    /// - Parameter positions: only the pods at these places of the report order (a table
    ///   made in parts side by side); every pod when nil.
    func forEachPodRecord(at positions: Range<Int>? = nil, _ body: (PodRecord, Revision, [String: EndpointMembership]) -> Void) {
        var revisions: [RevisionKey: Revision] = [:]
        let serials = Array(store.displayOrder)
        for serial in serials[positions ?? serials.indices] {
            guard let record = store.pods[store.uidsBySerial[serial]] else { continue }
            let key = store.revisionKey(of: record)
            let revision = revisions[key] ?? store.revision(of: record)
            revisions[key] = revision
            body(record, revision, record.isRemoved ? [:] : store.endpoints[record.podName] ?? [:])
        }
    }

    private var sourceJSON: JSON {
        var object = JSONObject([JSONObject.Member("kind", .string(source.kind.rawValue))])
        switch source.kind {
        case .live:
            object["context"] = .optional(source.context)
            object["namespace"] = .optional(source.namespace)
            object["target"] = .optional(source.target)
        case .recording:
            object["file"] = .optional(source.file)
        }
        return .object(object)
    }

    private func time(_ timestamp: Timestamp?) -> JSON {
        .optional(timestamp?.rfc3339(fractionDigits: 3))
    }

    private func podJSON(_ record: PodRecord, revision: Revision, services: [String: EndpointMembership]) -> JSON {
        [
            "namespace": .string(record.podName.namespace),
            "name": .string(record.podName.name),
            "revision": .string(revision.rawValue),
            "phase": .string(record.pod.status.phase),
            "ready": .bool(record.isReady),
            "deleted": .bool(record.isRemoved),
            "containers": .array(record.containers.map { container in
                [
                    "name": .string(container.name),
                    "role": .string(container.role.rawValue),
                    "ready": .bool(container.ready),
                    "state": .string(container.state.name),
                    "restarts": .int(container.restarts),
                ]
            }),
            // A removed pod is in no endpoints any more, whatever it last was (`services` is empty then).
            "endpoints": .array(services.keys.sorted().map { service in
                let member = services[service]!
                return [
                    "service": .string(service),
                    "ready": .bool(member.ready),
                    "serving": .bool(member.serving),
                    "terminating": .bool(member.terminating),
                ]
            }),
            "gates": .array(record.gates.map { gate in
                [
                    "type": .string(gate.type),
                    "status": .string(gate.status),
                    "reason": .optional(gate.reason),
                ]
            }),
        ]
    }

    private func findingJSON(_ finding: Finding) -> JSON {
        reported(finding).json
    }

    func reported(_ finding: Finding) -> ReportedFinding {
        ReportedFinding(
            rule: finding.rule.rawValue, severity: finding.severity.rawValue, namespace: finding.namespace, pod: finding.pod,
            containers: finding.containers, service: finding.service,
            start: finding.start, end: finding.end,
            seconds: (finding.seconds(until: now) * 10).rounded() / 10, summary: finding.summary,
            evidence: finding.evidence.map { ($0.at, $0.what) }, remedy: finding.remedy,
            impact: traffic.map { Self.countsJSON($0.impact(of: finding, store: store, now: now)) })
    }

    private func trafficJSON(_ traffic: TrafficLedger) -> JSON {
        let unexplained = traffic.unexplained(findings: findings, store: store, now: now).map { window -> JSON in
            var object = JSONObject([JSONObject.Member("namespace", .string(window.namespace)),
                                     JSONObject.Member("pod", .optional(window.pod))])
            if let service = window.service { object["service"] = .string(service) }
            object["start"] = time(window.start)
            object["end"] = time(window.end)
            object["failed"] = .int(window.counts.failed)
            object["codes"] = Self.countMap(window.counts.codes)
            object["flags"] = Self.countMap(window.counts.flags)
            return .object(object)
        }
        let counted: JSON = [
            "requests": .int(traffic.totals.requests),
            "failed": .int(traffic.totals.failed),
            "unexplained": .array(unexplained),
            "sources": .array(traffic.sources.keys.sorted().map { source in
                let counts = traffic.sources[source]!
                return [
                    "namespace": .string(source.namespace),
                    "pod": .string(source.pod),
                    "container": .string(source.container),
                    "lines": .int(counts.lines),
                    "entries": .int(counts.entries),
                    "skipped": .int(counts.skipped),
                ]
            }),
        ]
        guard let logFollowing, case .object(var object) = counted else { return counted }
        if !logFollowing.unread.isEmpty {
            object["unread"] = .array(logFollowing.unread.map { log in
                ["namespace": .string(log.source.namespace), "pod": .string(log.source.pod),
                 "container": .string(log.source.container), "reason": .string(log.reason)]
            })
        }
        if !logFollowing.notFollowed.isEmpty {
            object["notFollowed"] = ["maxLogStreams": .int(logFollowing.maximumStreams),
                                     "pods": .array(logFollowing.notFollowed.map { .string($0.description) })]
        }
        return .object(object)
    }

    static func countsJSON(_ counts: TrafficCounts) -> JSON {
        [
            "requests": .int(counts.requests),
            "failed": .int(counts.failed),
            "codes": countMap(counts.codes),
            "flags": countMap(counts.flags),
        ]
    }

    /// Keys in order, so the same counts always print the same bytes.
    private static func countMap(_ counts: [String: Int]) -> JSON {
        .object(JSONObject(counts.keys.sorted().map { JSONObject.Member($0, .int(counts[$0]!)) }))
    }

    private func streamJSON(_ health: StreamHealth) -> JSON {
        [
            "resource": .string(health.resource.rawValue),
            "restarts": .int(health.restarts),
            "errors": .int(health.errors),
            "lastError": .optional(health.lastError),
            "transport": .optional(health.transport),
        ]
    }
}
