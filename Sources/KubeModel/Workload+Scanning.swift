import JSONLite

extension Workload {
    /// `Workload(kind:json:)` read straight from a scanner at the value.
    public init(kind: Kind, scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self.init(kind: kind, metadata: ObjectMeta(name: ""))
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "metadata" where seen.first(0): metadata = try ObjectMeta(scanning: &scanner)
            case "spec" where seen.first(1): try scanSpec(&scanner)
            case "status" where seen.first(2): status = try WorkloadStatus(scanning: &scanner)
            default: try scanner.skipValue()
            }
        }
    }

    private mutating func scanSpec(_ scanner: inout JSONScanner) throws(JSONParseError) {
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "selector" where seen.first(0): selector = try LabelSelector(scanning: &scanner)
            case "template" where seen.first(1):
                templateLabels = try scanner.member("metadata") { (metadata: inout JSONScanner) throws(JSONParseError) in
                    try metadata.member("labels") { (labels: inout JSONScanner) throws(JSONParseError) in try labels.stringMap() }
                } ?? [:]
            case "replicas" where seen.first(2): replicas = try scanner.int()
            case "minReadySeconds" where seen.first(3): minReadySeconds = try scanner.int() ?? 0
            default: try scanner.skipValue()
            }
        }
    }
}

extension WorkloadStatus {
    init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        var observedGeneration: Int?, updateRevision: String?
        var replicas: Int?, desiredNumberScheduled: Int?, updatedReplicas: Int?, updatedNumberScheduled: Int?
        var readyReplicas: Int?, numberReady: Int?, availableReplicas: Int?, numberAvailable: Int?
        if try scanner.enterObjectIfPresent() {
            var seen = FirstMembers()
            while let key = try scanner.nextKey() {
                switch key {
                case "observedGeneration" where seen.first(0): observedGeneration = try scanner.int()
                case "replicas" where seen.first(1): replicas = try scanner.int()
                case "desiredNumberScheduled" where seen.first(2): desiredNumberScheduled = try scanner.int()
                case "updatedReplicas" where seen.first(3): updatedReplicas = try scanner.int()
                case "updatedNumberScheduled" where seen.first(4): updatedNumberScheduled = try scanner.int()
                case "readyReplicas" where seen.first(5): readyReplicas = try scanner.int()
                case "numberReady" where seen.first(6): numberReady = try scanner.int()
                case "availableReplicas" where seen.first(7): availableReplicas = try scanner.int()
                case "numberAvailable" where seen.first(8): numberAvailable = try scanner.int()
                case "updateRevision" where seen.first(9): updateRevision = try scanner.string()
                default: try scanner.skipValue()
                }
            }
        }
        self.init(observedGeneration: observedGeneration, replicas: replicas ?? desiredNumberScheduled ?? 0,
                  updatedReplicas: updatedReplicas ?? updatedNumberScheduled ?? 0, readyReplicas: readyReplicas ?? numberReady ?? 0,
                  availableReplicas: availableReplicas ?? numberAvailable ?? 0, updateRevision: updateRevision)
    }
}

extension LabelSelector {
    init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self.init()
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "matchLabels" where seen.first(0): matchLabels = try scanner.stringMap()
            case "matchExpressions" where seen.first(1):
                matchExpressions = try scanner.elements { (element: inout JSONScanner) throws(JSONParseError) in
                    try Requirement(scanning: &element)
                }
            default: try scanner.skipValue()
            }
        }
    }
}

extension LabelSelector.Requirement {
    init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self.init(key: "", op: "", values: [])
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let member = try scanner.nextKey() {
            switch member {
            case "key" where seen.first(0): key = try scanner.string() ?? ""
            case "operator" where seen.first(1): op = try scanner.string() ?? ""
            case "values" where seen.first(2):
                values = try scanner.compactElements { (value: inout JSONScanner) throws(JSONParseError) in try value.string() }
            default: try scanner.skipValue()
            }
        }
    }
}
