#if canImport(Glibc)
import Glibc
#endif
import KubeModel

/// A rule's word on one pod or Service now: this condition holds. The engine
/// turns observations into findings on the receive timeline.
public struct Observation: Sendable, Equatable {
    public var rule: RuleID
    public var severity: Severity
    public var namespace: String
    public var pod: String?
    /// The uid of the pod instance observed (see `Finding.podUID`); nil for a Service.
    public var podUID: String?
    public var containers: [String]
    public var service: String?
    public var summary: String
    public var evidence: [Evidence]
    public var remedy: String
    /// Seconds the condition must hold before it is a finding.
    public var threshold: Double
    /// When the rule knows the window itself (events with first and last times),
    /// the engine takes it as is instead of timing the condition.
    public var window: (start: Timestamp, end: Timestamp)?

    /// An observation of one pod instance: it carries the instance's uid, so its
    /// finding belongs to that instance and not to a later one of the same name.
    public init(rule: RuleID, severity: Severity, pod record: PodRecord, containers: [String] = [],
                service: String? = nil, summary: String, evidence: [Evidence], remedy: String, threshold: Double = 0,
                window: (start: Timestamp, end: Timestamp)? = nil) {
        self.init(rule: rule, severity: severity, namespace: record.podName.namespace, pod: record.podName.name, podUID: record.uid,
                  containers: containers, service: service, summary: summary, evidence: evidence, remedy: remedy,
                  threshold: threshold, window: window)
    }

    /// An observation of a Service as a whole.
    public init(rule: RuleID, severity: Severity, service: ServiceKey, summary: String, evidence: [Evidence], remedy: String,
                threshold: Double = 0) {
        self.init(rule: rule, severity: severity, namespace: service.namespace, pod: nil, podUID: nil, containers: [],
                  service: service.name, summary: summary, evidence: evidence, remedy: remedy, threshold: threshold, window: nil)
    }

    private init(rule: RuleID, severity: Severity, namespace: String, pod: String?, podUID: String?, containers: [String],
                 service: String?, summary: String, evidence: [Evidence], remedy: String, threshold: Double,
                 window: (start: Timestamp, end: Timestamp)?) {
        self.rule = rule
        self.severity = severity
        self.namespace = namespace
        self.pod = pod
        self.podUID = podUID
        self.containers = containers
        self.service = service
        self.summary = summary
        self.evidence = evidence
        self.remedy = remedy
        self.threshold = threshold
        self.window = window
    }

    /// Identity across evaluations: the same rule on the same pod instance, Service and
    /// containers. The uid is part of it, so a pod recreated under the same name (a
    /// StatefulSet's) starts findings of its own instead of reopening its predecessor's.
    /// `rule|namespace|pod|uid|service|container,container`, its bytes copied once into a
    /// String of the right size, where interpolation cost ~5,000 instructions a key.
    var key: String {
        // Measured, then written: no array of the parts made first (a new condition is
        // numbered by its key, one a finding).
        var count = 0
        _ = forEachKeyPart { part in
            count += part.utf8.count
            return true
        }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var written = 0
            _ = forEachKeyPart { part in
                let rest = UnsafeMutableBufferPointer(rebasing: buffer[written...])
                written += part.utf8.withContiguousStorageIfAvailable { rest.initialize(fromContentsOf: $0) }
                    ?? rest.initialize(fromContentsOf: part.utf8)
                return true
            }
            return written
        }
    }

    /// Whether `key` is this observation's `key`, read part by part against its bytes
    /// without making the key: how a subject's held conditions are told apart on every
    /// update, where making the key was ~2,600 instructions.
    func hasKey(_ key: String) -> Bool {
        key.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var cursor = KeyCursor(bytes: bytes)
            return forEachKeyPart { cursor.take($0) } && cursor.atEnd
        } ?? (key == self.key)
    }

    /// Hands `body` `key`'s parts in order, its separators among them, while it says
    /// true (whether it said true to all): the one place that says what a key is, for
    /// making it and for reading one against it (without an array, as that is per update).
    private func forEachKeyPart(_ body: (String) -> Bool) -> Bool {
        guard body(rule.rawValue), body("|"), body(namespace), body("|"), body(pod ?? ""), body("|"), body(podUID ?? ""),
              body("|"), body(service ?? "") else { return false }
        for (position, container) in containers.enumerated() where !(body(position == 0 ? "|" : ",") && body(container)) {
            return false
        }
        return true
    }

    public static func == (lhs: Observation, rhs: Observation) -> Bool {
        lhs.key == rhs.key && lhs.severity == rhs.severity && lhs.summary == rhs.summary && lhs.evidence == rhs.evidence
            && lhs.threshold == rhs.threshold && lhs.window?.start == rhs.window?.start && lhs.window?.end == rhs.window?.end
    }
}

/// Reads a key's parts in turn (see `Observation.hasKey`).
private struct KeyCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { offset == bytes.count }

    /// Whether `part`'s bytes come next; if so, steps past them.
    mutating func take(_ part: String) -> Bool {
        let rest = UnsafeBufferPointer(rebasing: bytes[offset...])
        let matched = part.utf8.withContiguousStorageIfAvailable { part -> Bool in
            part.count <= rest.count && (part.isEmpty || memcmp(part.baseAddress!, rest.baseAddress!, part.count) == 0)
        } ?? rest.starts(with: part.utf8)
        if matched { offset += part.utf8.count }
        return matched
    }
}

/// A rule about one pod: a pure function of the pod's record and the store.
public protocol PodRule: Sendable {
    /// Every input `observe` reads, including what its evidence reads (a rule that reads
    /// the pod's transitions reads what each kind it keeps appends, and their cut) and the
    /// engine's own `isRemoved` filter (`.removal`): the engine asks the rule again only
    /// when one of these changed. When unsure, a rule names it.
    var reads: PodInputs { get }
    /// The inputs (among `reads`) that can make the rule observe something where it
    /// observed nothing; the others (what only its evidence or summary reads) change
    /// only what it observes. The engine does not ask a rule that observed nothing
    /// about a pod when only those others changed.
    var observesWhen: PodInputs { get }
    /// The rule ids its observations carry.
    var emits: [RuleID] { get }
    func observe(_ pod: PodRecord, in store: Store, settings: RuleSettings) -> [Observation]
}

extension PodRecord {
    /// The pod's transitions as evidence lines, those `include` keeps, in time order.
    /// Read where the log keeps them (`timeline` would gather every transition into a new
    /// array first), each line written only when read (see `Evidence`).
    func evidence(_ include: (Transition.Change) -> Bool) -> [Evidence] {
        var evidence: [Evidence] = []
        transitions.forEach { transition in
            if include(transition.change) { evidence.append(Evidence(at: transition.time, pod: podName.name, transition: transition)) }
        }
        return evidence
    }

    /// Whether the pod is a ready endpoint of any Service now.
    func readyServices(in store: Store) -> [String] {
        (store.endpoints[podName] ?? [:]).filter { $0.value.ready }.keys.sorted()
    }
}
