import JSONLite

/// The Pod decoders of Pod.swift read straight from bytes: the same members, the
/// same defaults, everything else skipped unbuilt (env, volumes, images, args, …).
extension Pod {
    public init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        var metadata: ObjectMeta?, spec: PodSpec?, status: PodStatus?
        if try scanner.enterObjectIfPresent() {
            var seen = FirstMembers()
            while let key = try scanner.nextKey() {
                switch key {
                case "metadata" where seen.first(0): metadata = try ObjectMeta(scanning: &scanner)
                case "spec" where seen.first(1): spec = try PodSpec(scanning: &scanner)
                case "status" where seen.first(2): status = try PodStatus(scanning: &scanner)
                default: try scanner.skipValue()
                }
            }
        }
        self.init(metadata: metadata ?? ObjectMeta(name: ""), spec: spec ?? PodSpec(), status: status ?? PodStatus())
    }
}

extension PodSpec {
    init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self.init()
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "nodeName" where seen.first(0): nodeName = try scanner.clusterString()
            case "initContainers" where seen.first(1): initContainers = try Self.containers(&scanner)
            case "containers" where seen.first(2): containers = try Self.containers(&scanner)
            case "readinessGates" where seen.first(3):
                readinessGates = try scanner.compactElements { (gate: inout JSONScanner) throws(JSONParseError) in
                    try gate.member("conditionType") { (value: inout JSONScanner) throws(JSONParseError) in try value.clusterString() }
                }
            case "terminationGracePeriodSeconds" where seen.first(4): terminationGracePeriodSeconds = try scanner.int()
            case "nodeSelector" where seen.first(5): nodeSelector = try scanner.stringMap()
            case "tolerations" where seen.first(6):
                tolerationKeys = try scanner.compactElements { (toleration: inout JSONScanner) throws(JSONParseError) in
                    try toleration.member("key") { (value: inout JSONScanner) throws(JSONParseError) in try value.string() }
                }
            default: try scanner.skipValue()
            }
        }
    }

    private static func containers(_ scanner: inout JSONScanner) throws(JSONParseError) -> [ContainerSpec] {
        try scanner.elements { (container: inout JSONScanner) throws(JSONParseError) in
            try container.remembered(in: ContainerSpec.memo) { (scanner: inout JSONScanner) throws(JSONParseError) in
                try ContainerSpec(scanning: &scanner)
            }
        }
    }
}

extension ContainerSpec {
    /// Container specs decoded before (see `PrefixMemo`): a pod's specs come unchanged in
    /// every update of it, and the same for every pod of a template. 1,024 of them, each
    /// at most 16 KiB.
    static let memo = PrefixMemo<ContainerSpec>(hashedPrefix: 64, longest: 16 << 10, setCount: 256, ways: 4)

    init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self.init(name: "")
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "name" where seen.first(0): name = try scanner.clusterString() ?? ""
            case "restartPolicy" where seen.first(1): restartPolicy = try scanner.clusterString()
            case "readinessProbe" where seen.first(2): readinessProbe = try Probe.scan(&scanner)
            case "livenessProbe" where seen.first(3): livenessProbe = try Probe.scan(&scanner)
            case "startupProbe" where seen.first(4): startupProbe = try Probe.scan(&scanner)
            case "lifecycle" where seen.first(5):
                preStop = try scanner.member("preStop") { (hook: inout JSONScanner) throws(JSONParseError) in
                    try LifecycleHandler.scan(&hook)
                }
            default: try scanner.skipValue()
            }
        }
    }
}

extension Probe {
    /// In the order `Probe(json:)` looks for them.
    private static let handlerNames = ["httpGet", "tcpSocket", "grpc", "exec"]

    /// `Probe(json:)`: nil unless an object; the handler is the first of httpGet,
    /// tcpSocket, grpc, exec present and not null, in that order whatever the document's.
    static func scan(_ scanner: inout JSONScanner) throws(JSONParseError) -> Probe? {
        guard try scanner.enterObjectIfPresent() else { return nil }
        /// Which handlers are present and not null, by their index in `handlerNames`.
        var handlers: UInt8 = 0
        var initialDelaySeconds: Int?, periodSeconds: Int?, failureThreshold: Int?
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "httpGet" where seen.first(0): if try scanner.skipNonNull() { handlers |= 1 << 0 }
            case "tcpSocket" where seen.first(1): if try scanner.skipNonNull() { handlers |= 1 << 1 }
            case "grpc" where seen.first(2): if try scanner.skipNonNull() { handlers |= 1 << 2 }
            case "exec" where seen.first(3): if try scanner.skipNonNull() { handlers |= 1 << 3 }
            case "initialDelaySeconds" where seen.first(4): initialDelaySeconds = try scanner.int()
            case "periodSeconds" where seen.first(5): periodSeconds = try scanner.int()
            case "failureThreshold" where seen.first(6): failureThreshold = try scanner.int()
            default: try scanner.skipValue()
            }
        }
        let handler = handlers == 0 ? "unknown" : handlerNames[handlers.trailingZeroBitCount]
        return Probe(handler: handler, initialDelaySeconds: initialDelaySeconds ?? 0, periodSeconds: periodSeconds ?? 10,
                     failureThreshold: failureThreshold ?? 3)
    }
}

extension LifecycleHandler {
    /// `LifecycleHandler(json:)`: sleep, else exec, else httpGet, else tcpSocket; nil unless an object.
    static func scan(_ scanner: inout JSONScanner) throws(JSONParseError) -> LifecycleHandler? {
        guard try scanner.enterObjectIfPresent() else { return nil }
        var sleepSeconds: Int?, hasExec = false, hasHTTPGet = false
        var command: [String] = []
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "sleep" where seen.first(0):
                sleepSeconds = try scanner.member("seconds") { (value: inout JSONScanner) throws(JSONParseError) in try value.int() }
            case "exec" where seen.first(1):
                hasExec = try scanner.peek() != .null
                command = try scanner.member("command") { (value: inout JSONScanner) throws(JSONParseError) in
                    try value.compactElements { (word: inout JSONScanner) throws(JSONParseError) in try word.string() }
                } ?? []
            case "httpGet" where seen.first(2): hasHTTPGet = try scanner.skipNonNull()
            default: try scanner.skipValue()
            }
        }
        if let sleepSeconds { return .sleep(seconds: sleepSeconds) }
        if hasExec { return .exec(sleepSeconds: LifecycleHandler.sleepSeconds(in: command)) }
        return hasHTTPGet ? .httpGet : .tcpSocket
    }
}

extension PodStatus {
    init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self.init()
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "phase" where seen.first(0): phase = try scanner.clusterString() ?? "Pending"
            case "podIP" where seen.first(1): podIP = try scanner.clusterString()
            case "reason" where seen.first(2): reason = try scanner.freeText()
            case "conditions" where seen.first(3):
                conditions = try scanner.elements { (condition: inout JSONScanner) throws(JSONParseError) in
                    try PodCondition(scanning: &condition)
                }
            case "initContainerStatuses" where seen.first(4): initContainerStatuses = try Self.statuses(&scanner)
            case "containerStatuses" where seen.first(5): containerStatuses = try Self.statuses(&scanner)
            default: try scanner.skipValue()
            }
        }
    }

    private static func statuses(_ scanner: inout JSONScanner) throws(JSONParseError) -> [ContainerStatus] {
        try scanner.elements { (status: inout JSONScanner) throws(JSONParseError) in try ContainerStatus(scanning: &status) }
    }
}

extension PodCondition {
    init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self.init(type: "", status: "Unknown")
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "type" where seen.first(0): type = try scanner.clusterString() ?? ""
            case "status" where seen.first(1): status = try scanner.clusterString() ?? "Unknown"
            case "reason" where seen.first(2): reason = try scanner.freeText()
            case "message" where seen.first(3): message = try scanner.freeText()
            case "lastTransitionTime" where seen.first(4): lastTransitionTime = try scanner.timestamp()
            default: try scanner.skipValue()
            }
        }
    }
}

extension ContainerStatus {
    init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self.init(name: "", state: .unknown)
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "name" where seen.first(0): name = try scanner.clusterString() ?? ""
            case "ready" where seen.first(1): ready = try scanner.bool() ?? false
            case "started" where seen.first(2): started = try scanner.bool()
            case "restartCount" where seen.first(3): restartCount = try scanner.int() ?? 0
            case "state" where seen.first(4): state = try ContainerState(scanning: &scanner)
            case "lastState" where seen.first(5): lastState = try ContainerState(scanning: &scanner)
            default: try scanner.skipValue()
            }
        }
    }
}

extension ContainerState {
    /// `ContainerState(json:)`: running, else terminated, else waiting, each only when an object.
    init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self = .unknown
        guard try scanner.enterObjectIfPresent() else { return }
        var running: ContainerState?, terminated: ContainerState?, waiting: ContainerState?
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "running" where seen.first(0): running = try Self.scanRunning(&scanner)
            case "terminated" where seen.first(1): terminated = try Self.scanTerminated(&scanner)
            case "waiting" where seen.first(2): waiting = try Self.scanWaiting(&scanner)
            default: try scanner.skipValue()
            }
        }
        self = running ?? terminated ?? waiting ?? .unknown
    }

    private static func scanRunning(_ scanner: inout JSONScanner) throws(JSONParseError) -> ContainerState? {
        guard try scanner.enterObjectIfPresent() else { return nil }
        var startedAt: Timestamp?
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            if key == "startedAt", seen.first(0) { startedAt = try scanner.timestamp() } else { try scanner.skipValue() }
        }
        return .running(startedAt: startedAt)
    }

    private static func scanTerminated(_ scanner: inout JSONScanner) throws(JSONParseError) -> ContainerState? {
        guard try scanner.enterObjectIfPresent() else { return nil }
        var exitCode: Int?, reason: String?, message: String?, startedAt: Timestamp?, finishedAt: Timestamp?
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "exitCode" where seen.first(0): exitCode = try scanner.int()
            case "reason" where seen.first(1): reason = try scanner.freeText()
            case "message" where seen.first(2): message = try scanner.freeText()
            case "startedAt" where seen.first(3): startedAt = try scanner.timestamp()
            case "finishedAt" where seen.first(4): finishedAt = try scanner.timestamp()
            default: try scanner.skipValue()
            }
        }
        return .terminated(exitCode: exitCode ?? 0, reason: reason, message: message, startedAt: startedAt, finishedAt: finishedAt)
    }

    private static func scanWaiting(_ scanner: inout JSONScanner) throws(JSONParseError) -> ContainerState? {
        guard try scanner.enterObjectIfPresent() else { return nil }
        var reason: String?, message: String?
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "reason" where seen.first(0): reason = try scanner.freeText()
            case "message" where seen.first(1): message = try scanner.freeText()
            default: try scanner.skipValue()
            }
        }
        return .waiting(reason: reason, message: message)
    }
}
