/// A set of rule ids as bits: which rules a `PodRule` emits, and which the engine
/// asked about a subject, so the tracker ends only the conditions of rules asked.
struct RuleIDSet: Sendable, Equatable {
    private var bits: UInt32 = 0

    init() {}

    init(_ rules: [RuleID]) {
        for rule in rules { insert(rule) }
    }

    static let all = RuleIDSet(RuleID.allCases)

    var isEmpty: Bool { bits == 0 }

    func overlaps(_ other: RuleIDSet) -> Bool {
        bits & other.bits != 0
    }

    func contains(_ rule: RuleID) -> Bool {
        bits & Self.bit(rule) != 0
    }

    mutating func insert(_ rule: RuleID) {
        bits |= Self.bit(rule)
    }

    mutating func formUnion(_ other: RuleIDSet) {
        bits |= other.bits
    }

    private static func bit(_ rule: RuleID) -> UInt32 {
        switch rule {
        case .trafficBeforeReady: return 1 << 0
        case .sidecarNotReady: return 1 << 1
        case .initBlockedByMesh: return 1 << 2
        case .negGateWithoutHealthCheck: return 1 << 3
        case .negGateTimeout: return 1 << 4
        case .noDrainDelay: return 1 << 5
        case .noReadyEndpoints: return 1 << 6
        case .missingReadinessProbe: return 1 << 7
        case .gracePeriodCapped: return 1 << 8
        case .probeFailures: return 1 << 9
        }
    }
}
