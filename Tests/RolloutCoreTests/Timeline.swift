import JSONLite
import KubeModel
import TestSupport
@testable import RolloutCore

/// Plays a timeline of watch events (seconds after a fixed base time) through the
/// store and the rule engine, as the live session and replay do.
struct Timeline {
    static let base = Timestamp(rfc3339: "2024-05-01T15:23:00Z")!
    var store = Store()
    var engine: RuleEngine

    init(settings: RuleSettings = RuleSettings()) {
        engine = RuleEngine(settings: settings)
    }

    /// With store limits of its own, and an engine that asks every rule about every
    /// touched pod if `asksEveryRule` (what the selective engine must agree with).
    init(limits: StoreLimits, asksEveryRule: Bool) {
        store = Store(limits: limits)
        engine = RuleEngine(settings: RuleSettings(), asksEveryRule: asksEveryRule)
    }

    mutating func add(_ seconds: Double, _ resource: ResourceKind, _ object: JSON) {
        apply(seconds, resource, .added(resource.decode(object)))
    }

    mutating func modify(_ seconds: Double, _ resource: ResourceKind, _ object: JSON) {
        apply(seconds, resource, .modified(resource.decode(object)))
    }

    mutating func delete(_ seconds: Double, _ resource: ResourceKind, _ object: JSON) {
        apply(seconds, resource, .deleted(resource.decode(object)))
    }

    mutating func apply(_ seconds: Double, _ resource: ResourceKind, _ change: WatchEvent.Change) {
        let time = Timeline.base.adding(seconds: seconds)
        engine.advance(to: time)
        store.apply(WatchEvent(time: time, resource: resource, change: change))
        engine.update(&store, now: time)
    }

    /// Several watch events, then the rules once: how a list's objects arrive.
    mutating func applyTogether(_ seconds: Double, _ inputs: [(ResourceKind, WatchEvent.Change)]) {
        let time = Timeline.base.adding(seconds: seconds)
        engine.advance(to: time)
        for (resource, change) in inputs { store.apply(WatchEvent(time: time, resource: resource, change: change)) }
        engine.update(&store, now: time)
    }

    /// Time passing with no event (the clock tick).
    mutating func tick(_ seconds: Double) {
        engine.advance(to: Timeline.base.adding(seconds: seconds))
    }

    /// `rule severity pod [start, end]` with times in seconds after the base, for exact comparison.
    var summary: [String] {
        engine.findings.map { finding in
            let start = finding.start.seconds(since: Timeline.base)
            let end = finding.end.map { String(format1: $0.seconds(since: Timeline.base)) } ?? "open"
            return "\(finding.rule.rawValue) \(finding.severity.rawValue) \(finding.pod ?? "svc/" + (finding.service ?? "")) [\(String(format1: start)), \(end)]"
        }.sorted()
    }

    func findings(atLeast severity: Severity) -> [Finding] {
        engine.findings.filter { $0.severity >= severity }
    }
}

extension String {
    /// One decimal: windows are compared to within 1 s, printed to 0.1 s.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(abs(tenths % 10))"
    }
}

/// Pod shapes the seeds talk about.
enum Pods {
    static let labels = ["app": "checkout"]
    static let probe: JSON = ["grpc": ["port": 9000]]

    /// A classic istio-injected pod: istio-init, then app containers beside istio-proxy.
    static func classicIstio(_ name: String, replicaSet: String = "checkout-bbb", app: String = "grpc-server",
                             appState: String, appReady: Bool, proxyReady: Bool, ready: Bool? = nil,
                             initContainers: [JSON] = [], initStatuses: [JSON] = [], initialized: Bool = true) -> JSON {
        Objects.pod(name, replicaSet: replicaSet, labels: labels, phase: initialized ? "Running" : "Pending",
                    ready: ready ?? (appReady && proxyReady),
                    containers: [["name": .string(app), "readinessProbe": probe], ["name": "istio-proxy", "readinessProbe": ["httpGet": ["port": 15021]]]],
                    statuses: [Objects.containerStatus(app, state: appState, ready: appReady),
                               Objects.containerStatus("istio-proxy", state: "running", ready: proxyReady)],
                    initContainers: [["name": "istio-init"]] + initContainers,
                    initStatuses: [Objects.containerStatus("istio-init", state: "terminated", ready: false)] + initStatuses,
                    annotations: ["sidecar.istio.io/status": #"{"initContainers":["istio-init"],"containers":["istio-proxy"]}"#],
                    extraConditions: [Objects.condition("Initialized", initialized)])
    }

    static func deleting(_ pod: JSON, grace: Int = 30) -> JSON {
        pod.setting(["metadata", "deletionTimestamp"], to: "2024-05-01T15:24:00Z")
            .setting(["metadata", "deletionGracePeriodSeconds"], to: .int(grace))
    }

    static func unhealthy(_ name: String, pod: String, container: String, message: String, count: Int = 1) -> JSON {
        Objects.event(name, pod: pod, reason: "Unhealthy", message: message, type: "Warning", count: count)
            .setting(["involvedObject", "fieldPath"], to: .string("spec.containers{\(container)}"))
    }

    static func slice(_ endpoints: [(pod: String, ready: Bool, serving: Bool, terminating: Bool)], service: String = "checkout", name: String = "checkout-x1") -> JSON {
        Objects.endpointSlice(name, service: service, endpoints: endpoints)
    }
}
