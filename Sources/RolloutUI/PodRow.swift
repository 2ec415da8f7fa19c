import KubeModel
import RolloutCore

/// A glyph and the role it is drawn in.
public struct Mark: Sendable, Equatable {
    public var glyph: String
    public var role: Role

    public init(_ glyph: String, _ role: Role) {
        self.glyph = glyph
        self.role = role
    }

    init(_ glyph: Character, _ role: Role) {
        self.init(String(glyph), role)
    }
}

/// One row of the pod table, with every string already safe for the terminal.
public struct PodRow: Sendable, Equatable {
    public var uid: String
    public var name: String
    public var revision: Revision
    public var phase: String
    public var phaseRole: Role
    public var containers: [Mark]
    public var endpoint: Mark
    /// The first Service (by name) the endpoint mark is for, and how many more there are.
    public var service: String
    public var otherServices: Int
    public var gate: Mark
    public var restarts: Int
    public var ageSeconds: Double
    /// The worst open finding on the pod.
    public var hazard: Finding?
    /// The worst finding the pod ever had, open or not.
    public var worstFinding: Finding?
    /// What decides the revision (see `Store.revisionKey(of:)`), interned by `PodRowCache`.
    var revisionKey = 0
    var firstSeen: Timestamp
    var removedAt: Timestamp?

    var isGone: Bool { removedAt != nil }

    /// What `/` matches against.
    var searchText: String {
        [name, phase, revision.rawValue, hazard?.rule.rawValue ?? "", worstFinding?.rule.rawValue ?? ""].joined(separator: " ")
    }
}

/// Builds table rows from pod records: one place that knows how a pod's state reads at a glance.
struct PodRowBuilder {
    let glyphs: Glyphs

    /// The row as far as the pod record alone decides it. Revision, hazards and age
    /// depend on more (workloads, findings, the clock) and are filled in per frame
    /// by `PodGroups.row(_:)`.
    func row(_ record: PodRecord, in store: Store) -> PodRow {
        let (phase, phaseRole) = Self.phase(of: record)
        let memberships = record.isRemoved ? [:] : store.endpoints[record.podName] ?? [:]
        let endpoint = endpointMark(memberships)
        return PodRow(uid: record.uid, name: record.podName.name, revision: .unknown,
                      phase: phase, phaseRole: phaseRole, containers: record.containers.map(containerMark),
                      endpoint: endpoint.mark, service: endpoint.service, otherServices: max(0, memberships.count - 1), gate: gateMark(record),
                      restarts: record.containers.reduce(0) { $0 + $1.restarts }, ageSeconds: 0, hazard: nil, worstFinding: nil,
                      firstSeen: record.firstSeen, removedAt: record.removedAt)
    }

    static func phase(of record: PodRecord) -> (String, Role) {
        if record.isRemoved { return ("Gone", .dim) }
        if record.deletionRequestedAt != nil { return ("Terminating", .endpointTerminating) }
        if let waiting = record.containers.lazy.compactMap({ container -> String? in
            if case .waiting(let reason?, _) = container.state, reason != "ContainerCreating", reason != "PodInitializing" { return reason }
            return nil
        }).first {
            return (waiting, .containerFailed)
        }
        let phase = record.pod.status.phase
        if phase == "Pending", record.containers.contains(where: { $0.isInitContainer && !$0.isDone }) { return ("Init", .containerInit) }
        switch phase {
        case "Running": return (record.isReady ? "Running" : "NotReady", record.isReady ? .ok : .containerNotReady)
        case "Failed": return (phase, .containerFailed)
        case "Succeeded": return (phase, .dim)
        default: return (phase, .containerWaiting)
        }
    }

    func containerMark(_ container: ContainerRecord) -> Mark {
        let running: Bool
        switch container.state {
        case .running: running = true
        case .terminated(let exitCode, _, _, _, _):
            if container.role == .initializer, exitCode == 0 { return Mark(glyphs.initDone, .containerInit) }
            return Mark(glyphs.failed, exitCode == 0 ? .containerWaiting : .containerFailed)
        case .waiting(let reason, _):
            if let reason, reason.contains("BackOff") || reason.contains("Err") { return Mark(glyphs.failed, .containerFailed) }
            running = false
        case .unknown: running = false
        }
        switch container.role {
        case .app:
            if !running { return Mark(glyphs.appWaiting, .containerWaiting) }
            return container.ready ? Mark(glyphs.appReady, .containerApp) : Mark(glyphs.appRunning, .containerNotReady)
        case .sidecar:
            if !running { return Mark(glyphs.sidecarWaiting, .containerWaiting) }
            // A native sidecar without a readiness probe reports ready=false forever; started is what counts then.
            let ready = container.ready || (container.isInitContainer && container.spec.readinessProbe == nil && container.status?.started == true)
            return ready ? Mark(glyphs.sidecarReady, .containerSidecar) : Mark(glyphs.sidecarRunning, .containerNotReady)
        case .initializer:
            return running ? Mark(glyphs.initRunning, .containerInit) : Mark(glyphs.initWaiting, .containerWaiting)
        }
    }

    func endpointMark(_ memberships: [String: EndpointMembership]) -> (mark: Mark, service: String) {
        guard let (service, membership) = memberships.sorted(by: { $0.key < $1.key }).first else {
            return (Mark(glyphs.absent, .endpointAbsent), "")
        }
        let mark: Mark
        if membership.terminating { mark = Mark(glyphs.endpointTerminating, .endpointTerminating) }
        else if membership.ready { mark = Mark(glyphs.endpointReady, .endpointReady) }
        else if membership.serving { mark = Mark(glyphs.endpointServing, .endpointServing) }
        else { mark = Mark(glyphs.absent, .endpointAbsent) }
        return (mark, service)
    }

    func gateMark(_ record: PodRecord) -> Mark {
        guard let gate = record.gates.first(where: { $0.type == NEGGateRule.gate }) ?? record.gates.first else {
            return Mark(" ", .dim)
        }
        if gate.isTrue {
            let forced = gate.reason == NEGGateRule.withoutHealthCheck || gate.reason == NEGGateRule.timeout
            return Mark(forced ? glyphs.warning : String(glyphs.gateTrue), forced ? .warning : .gateTrue)
        }
        return Mark(glyphs.gateFalse, .gateFalse)
    }
}

extension ContainerRecord {
    /// An init container that has completed.
    var isDone: Bool {
        if case .terminated(0, _, _, _, _) = state { return true }
        return false
    }
}

extension Severity {
    func glyph(_ glyphs: Glyphs) -> String {
        switch self {
        case .critical: return glyphs.critical
        case .warning: return glyphs.warning
        case .info: return glyphs.info
        }
    }

    var role: Role {
        switch self {
        case .critical: return .critical
        case .warning: return .warning
        case .info: return .info
        }
    }

    var shadeRole: Role {
        switch self {
        case .critical: return .hazardCritical
        case .warning: return .hazardWarning
        case .info: return .hazardInfo
        }
    }
}
