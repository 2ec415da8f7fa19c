/// What can change about a pod between two runs of the rules, as bits: the store
/// records which of these changed for each pod it touched (`Store.takeChanges`), and
/// each `PodRule` declares which it reads, so `RuleEngine.update` asks a rule again
/// only when something it reads changed. Every change to a pod's transitions is
/// covered: each bit that comes with an append names what was appended, and
/// `timelineCut` is the history cap dropping old transitions.
public struct PodInputs: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// The pod object (spec, status, metadata, containers, deletion request) and the
    /// transitions its update appended.
    public static let object = PodInputs(rawValue: 1 << 0)
    /// The pod's endpoint membership (`Store.endpoints`) and its `.endpoint` transitions.
    public static let endpoints = PodInputs(rawValue: 1 << 1)
    /// The pod left the API (`removedAt`, its `.removed` transition).
    public static let removal = PodInputs(rawValue: 1 << 2)
    /// The history cap dropped the pod's oldest transitions.
    public static let timelineCut = PodInputs(rawValue: 1 << 3)
    /// The pod's Events (`Store.events(of:)`) and `.event` transitions, by reason:
    /// rules read only Events of the reasons they name.
    public static let unhealthyEvents = PodInputs(rawValue: 1 << 4)
    public static let backOffEvents = PodInputs(rawValue: 1 << 5)
    public static let negGateEvents = PodInputs(rawValue: 1 << 6)
    public static let drainEvents = PodInputs(rawValue: 1 << 7)
    public static let otherEvents = PodInputs(rawValue: 1 << 8)
    /// `Store.workloads`, which changes without touching any pod: the engine asks a rule
    /// that reads it again on a pod's next touch once it changed (see `RuleEngine`).
    public static let workloads = PodInputs(rawValue: 1 << 9)

    public static let allEvents: PodInputs = [.unhealthyEvents, .backOffEvents, .negGateEvents, .drainEvents, .otherEvents]
    /// Everything: a record the rules have not seen yet.
    public static let all: PodInputs = [.object, .endpoints, .removal, .timelineCut, .allEvents, .workloads]

    /// The bit of Events with this reason. The reasons are those the rules filter on
    /// (`ProbeFailuresRule`, `SidecarNotReadyRule`, `TrafficBeforeReadyRule`: Unhealthy;
    /// `InitBlockedByMeshRule`: BackOff; `NEGGateRule`: its two reasons; `NoDrainDelayRule`:
    /// Killing, FailedPreStopHook); any other reason is read by no rule.
    public static func events(reason: String) -> PodInputs {
        switch reason {
        case "Unhealthy": return .unhealthyEvents
        case "BackOff": return .backOffEvents
        case NEGGateRule.withoutHealthCheck, NEGGateRule.timeout: return .negGateEvents
        case "Killing", "FailedPreStopHook": return .drainEvents
        default: return .otherEvents
        }
    }

    /// What appending these transitions changes.
    static func appending(_ changes: [Transition.Change]) -> PodInputs {
        var inputs = PodInputs()
        for change in changes {
            switch change {
            case .endpoint: inputs.insert(.endpoints)
            case .event(let reason, _, _, _): inputs.formUnion(.events(reason: reason))
            case .removed: inputs.insert(.removal)
            default: inputs.insert(.object)
            }
        }
        return inputs
    }
}
