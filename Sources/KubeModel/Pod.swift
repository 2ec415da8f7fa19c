import JSONLite

/// The parts of a Pod that decide when it can take traffic and when it stops.
public struct Pod: Sendable, Equatable {
    public var metadata: ObjectMeta
    public var spec: PodSpec
    public var status: PodStatus

    public init(metadata: ObjectMeta, spec: PodSpec = PodSpec(), status: PodStatus = PodStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public init(json: JSON) {
        self.init(metadata: ObjectMeta(json: json["metadata"]), spec: PodSpec(json: json["spec"]),
                  status: PodStatus(json: json["status"]))
    }

    /// The pod without its container specs and statuses, for a holder that keeps
    /// them elsewhere (one copy of them per pod, not two).
    public var withoutContainers: Pod {
        var pod = self
        pod.spec.initContainers = []
        pod.spec.containers = []
        pod.status.initContainerStatuses = []
        pod.status.containerStatuses = []
        return pod
    }
}

public struct PodSpec: Sendable, Equatable {
    public var nodeName: String?
    public var initContainers: [ContainerSpec]
    public var containers: [ContainerSpec]
    public var readinessGates: [String]
    public var terminationGracePeriodSeconds: Int?
    public var nodeSelector: [String: String]
    public var tolerationKeys: [String]

    public init(nodeName: String? = nil, initContainers: [ContainerSpec] = [], containers: [ContainerSpec] = [],
                readinessGates: [String] = [], terminationGracePeriodSeconds: Int? = nil,
                nodeSelector: [String: String] = [:], tolerationKeys: [String] = []) {
        self.nodeName = nodeName
        self.initContainers = initContainers
        self.containers = containers
        self.readinessGates = readinessGates
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
        self.nodeSelector = nodeSelector
        self.tolerationKeys = tolerationKeys
    }

    public init(json: JSON) {
        self.init(
            nodeName: json["nodeName"].clusterString,
            initContainers: json["initContainers"].array.map(ContainerSpec.init(json:)),
            containers: json["containers"].array.map(ContainerSpec.init(json:)),
            readinessGates: json["readinessGates"].array.compactMap { $0["conditionType"].clusterString },
            terminationGracePeriodSeconds: json["terminationGracePeriodSeconds"].int,
            nodeSelector: json["nodeSelector"].stringMap,
            tolerationKeys: json["tolerations"].array.compactMap { $0["key"].string }
        )
    }
}

/// Spec facts of one container: no image, env, command or args are kept.
public struct ContainerSpec: Sendable, Equatable {
    public var name: String
    /// `Always` on an init container makes it a native sidecar (Kubernetes ≥ 1.28).
    public var restartPolicy: String?
    public var readinessProbe: Probe?
    public var livenessProbe: Probe?
    public var startupProbe: Probe?
    public var preStop: LifecycleHandler?

    public init(name: String, restartPolicy: String? = nil, readinessProbe: Probe? = nil, livenessProbe: Probe? = nil,
                startupProbe: Probe? = nil, preStop: LifecycleHandler? = nil) {
        self.name = name
        self.restartPolicy = restartPolicy
        self.readinessProbe = readinessProbe
        self.livenessProbe = livenessProbe
        self.startupProbe = startupProbe
        self.preStop = preStop
    }

    public init(json: JSON) {
        self.init(
            name: json["name"].clusterString ?? "",
            restartPolicy: json["restartPolicy"].clusterString,
            readinessProbe: Probe(json: json["readinessProbe"]),
            livenessProbe: Probe(json: json["livenessProbe"]),
            startupProbe: Probe(json: json["startupProbe"]),
            preStop: LifecycleHandler(json: json["lifecycle"]["preStop"])
        )
    }

    public var isNativeSidecar: Bool { restartPolicy == "Always" }
}

public struct Probe: Sendable, Equatable {
    /// httpGet, tcpSocket, grpc or exec.
    public var handler: String
    public var initialDelaySeconds: Int
    public var periodSeconds: Int
    public var failureThreshold: Int

    public init(handler: String, initialDelaySeconds: Int = 0, periodSeconds: Int = 10, failureThreshold: Int = 3) {
        self.handler = handler
        self.initialDelaySeconds = initialDelaySeconds
        self.periodSeconds = periodSeconds
        self.failureThreshold = failureThreshold
    }

    init?(json: JSON) {
        guard json.object != nil else { return nil }
        let handler = ["httpGet", "tcpSocket", "grpc", "exec"].first { !json[$0].isNull } ?? "unknown"
        self.init(handler: handler, initialDelaySeconds: json["initialDelaySeconds"].int ?? 0,
                  periodSeconds: json["periodSeconds"].int ?? 10, failureThreshold: json["failureThreshold"].int ?? 3)
    }
}

/// A preStop hook, reduced to what matters for draining: how long it holds the container.
public enum LifecycleHandler: Sendable, Equatable {
    /// `lifecycle.preStop.sleep.seconds` (Kubernetes ≥ 1.30).
    case sleep(seconds: Int)
    /// An exec hook; `sleepSeconds` when it is recognisably `sleep N` (also via `sh -c`).
    case exec(sleepSeconds: Int?)
    case httpGet
    case tcpSocket

    init?(json: JSON) {
        guard json.object != nil else { return nil }
        if let seconds = json["sleep"]["seconds"].int {
            self = .sleep(seconds: seconds)
        } else if !json["exec"].isNull {
            self = .exec(sleepSeconds: LifecycleHandler.sleepSeconds(in: json["exec"]["command"].array.compactMap(\.string)))
        } else if !json["httpGet"].isNull {
            self = .httpGet
        } else {
            self = .tcpSocket
        }
    }

    /// The delay a hook is known to hold the container for, if any.
    public var knownDelaySeconds: Int? {
        switch self {
        case .sleep(let seconds): return seconds
        case .exec(let seconds): return seconds
        case .httpGet, .tcpSocket: return nil
        }
    }

    /// The N of the first `sleep N` (or `/bin/sleep N`) among the command's words,
    /// split at spaces, `;` and `&`. A command of ASCII, nearly every one, is split as
    /// bytes, which for ASCII is what splitting Characters gives, without a String a word.
    public static func sleepSeconds(in command: [String]) -> Int? {
        guard command.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return sleepSeconds(splittingCharacters: command) }
        var sleepFound = false
        for part in command {
            for word in part.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "&") }) {
                if sleepFound { return seconds(String(Substring(word))) }
                sleepFound = word.elementsEqual("sleep".utf8) || word.reversed().starts(with: "peels/".utf8)
            }
        }
        return nil
    }

    private static func sleepSeconds(splittingCharacters command: [String]) -> Int? {
        let words = command.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "&" }).map(String.init) }
        guard let index = words.firstIndex(where: { $0 == "sleep" || $0.hasSuffix("/sleep") }), index + 1 < words.count
        else { return nil }
        return seconds(words[index + 1])
    }

    /// A whole number, or a decimal cut to one; nil for what an Int cannot hold (`inf`, `1e300`).
    private static func seconds(_ word: String) -> Int? {
        if let whole = Int(word) { return whole }
        guard let value = Double(word), value.isFinite, abs(value) < 9.0e18 else { return nil }
        return Int(value)
    }
}

public struct PodStatus: Sendable, Equatable {
    public var phase: String
    public var podIP: String?
    public var reason: String?
    public var conditions: [PodCondition]
    public var initContainerStatuses: [ContainerStatus]
    public var containerStatuses: [ContainerStatus]

    public init(phase: String = "Pending", podIP: String? = nil, reason: String? = nil, conditions: [PodCondition] = [],
                initContainerStatuses: [ContainerStatus] = [], containerStatuses: [ContainerStatus] = []) {
        self.phase = phase
        self.podIP = podIP
        self.reason = reason
        self.conditions = conditions
        self.initContainerStatuses = initContainerStatuses
        self.containerStatuses = containerStatuses
    }

    public init(json: JSON) {
        self.init(
            phase: json["phase"].clusterString ?? "Pending",
            podIP: json["podIP"].clusterString,
            reason: json["reason"].freeText,
            conditions: json["conditions"].array.map(PodCondition.init(json:)),
            initContainerStatuses: json["initContainerStatuses"].array.map(ContainerStatus.init(json:)),
            containerStatuses: json["containerStatuses"].array.map(ContainerStatus.init(json:))
        )
    }

    public func condition(_ type: String) -> PodCondition? {
        conditions.first { $0.type == type }
    }
}

public struct PodCondition: Sendable, Equatable {
    public var type: String
    /// "True", "False" or "Unknown".
    public var status: String
    public var reason: String?
    public var message: String?
    public var lastTransitionTime: Timestamp?

    public init(type: String, status: String, reason: String? = nil, message: String? = nil, lastTransitionTime: Timestamp? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }

    init(json: JSON) {
        self.init(type: json["type"].clusterString ?? "", status: json["status"].clusterString ?? "Unknown",
                  reason: json["reason"].freeText, message: json["message"].freeText,
                  lastTransitionTime: json["lastTransitionTime"].timestamp)
    }

    public var isTrue: Bool { status == "True" }
}

public struct ContainerStatus: Sendable, Equatable {
    public var name: String
    public var ready: Bool
    public var started: Bool?
    public var restartCount: Int
    public var state: ContainerState
    public var lastState: ContainerState

    public init(name: String, ready: Bool = false, started: Bool? = nil, restartCount: Int = 0,
                state: ContainerState = .waiting(reason: nil, message: nil), lastState: ContainerState = .unknown) {
        self.name = name
        self.ready = ready
        self.started = started
        self.restartCount = restartCount
        self.state = state
        self.lastState = lastState
    }

    init(json: JSON) {
        self.init(name: json["name"].clusterString ?? "", ready: json["ready"].bool ?? false, started: json["started"].bool,
                  restartCount: json["restartCount"].int ?? 0, state: ContainerState(json: json["state"]),
                  lastState: ContainerState(json: json["lastState"]))
    }
}

public enum ContainerState: Sendable, Equatable {
    case waiting(reason: String?, message: String?)
    case running(startedAt: Timestamp?)
    case terminated(exitCode: Int, reason: String?, message: String?, startedAt: Timestamp?, finishedAt: Timestamp?)
    case unknown

    init(json: JSON) {
        if json["running"].object != nil {
            self = .running(startedAt: json["running"]["startedAt"].timestamp)
        } else if json["terminated"].object != nil {
            let terminated = json["terminated"]
            self = .terminated(exitCode: terminated["exitCode"].int ?? 0, reason: terminated["reason"].freeText,
                               message: terminated["message"].freeText, startedAt: terminated["startedAt"].timestamp,
                               finishedAt: terminated["finishedAt"].timestamp)
        } else if json["waiting"].object != nil {
            self = .waiting(reason: json["waiting"]["reason"].freeText, message: json["waiting"]["message"].freeText)
        } else {
            self = .unknown
        }
    }

    /// Which of the four states, without what each carries: what timelines record
    /// and rules match on, so no one compares the words.
    public enum Kind: String, Sendable, Equatable {
        case waiting
        case running
        case terminated
        case unknown
    }

    public var kind: Kind {
        switch self {
        case .waiting: return .waiting
        case .running: return .running
        case .terminated: return .terminated
        case .unknown: return .unknown
        }
    }

    /// `waiting`, `running`, `terminated` or `unknown`: the word reports and the view use.
    public var name: String { kind.rawValue }

    public var isRunning: Bool {
        if case .running = self { return true }
        return false
    }

    public var isTerminated: Bool {
        if case .terminated = self { return true }
        return false
    }

    /// The waiting or terminated reason (CrashLoopBackOff, Completed, Error, …).
    public var reason: String? {
        switch self {
        case .waiting(let reason, _): return reason
        case .terminated(_, let reason, _, _, _): return reason
        case .running, .unknown: return nil
        }
    }
}
