import JSONLite

/// A Deployment, ReplicaSet, StatefulSet or DaemonSet: what decides old vs new
/// revision and whether a rollout is complete.
public struct Workload: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case deployment = "Deployment"
        case replicaSet = "ReplicaSet"
        case statefulSet = "StatefulSet"
        case daemonSet = "DaemonSet"
    }

    /// `deployment.kubernetes.io/revision` on a ReplicaSet: which one is newest.
    public static let revisionAnnotation = "deployment.kubernetes.io/revision"

    public var kind: Kind
    public var metadata: ObjectMeta
    public var selector: LabelSelector
    public var templateLabels: [String: String]
    public var replicas: Int?
    public var minReadySeconds: Int
    public var status: WorkloadStatus

    public init(kind: Kind, metadata: ObjectMeta, selector: LabelSelector = LabelSelector(), templateLabels: [String: String] = [:],
                replicas: Int? = nil, minReadySeconds: Int = 0, status: WorkloadStatus = WorkloadStatus()) {
        self.kind = kind
        self.metadata = metadata
        self.selector = selector
        self.templateLabels = templateLabels
        self.replicas = replicas
        self.minReadySeconds = minReadySeconds
        self.status = status
    }

    public init(kind: Kind, json: JSON) {
        let spec = json["spec"]
        self.init(kind: kind, metadata: ObjectMeta(json: json["metadata"]), selector: LabelSelector(json: spec["selector"]),
                  templateLabels: spec["template"]["metadata"]["labels"].stringMap, replicas: spec["replicas"].int,
                  minReadySeconds: spec["minReadySeconds"].int ?? 0, status: WorkloadStatus(json: json["status"]))
    }

    /// A ReplicaSet's Deployment revision number, for ordering old and new.
    public var deploymentRevision: Int? { metadata.annotations[Workload.revisionAnnotation].flatMap { Int($0) } }
}

public struct WorkloadStatus: Sendable, Equatable {
    public var observedGeneration: Int?
    public var replicas: Int
    public var updatedReplicas: Int
    public var readyReplicas: Int
    public var availableReplicas: Int
    /// StatefulSet: the controller-revision-hash of the newest revision.
    public var updateRevision: String?

    public init(observedGeneration: Int? = nil, replicas: Int = 0, updatedReplicas: Int = 0, readyReplicas: Int = 0,
                availableReplicas: Int = 0, updateRevision: String? = nil) {
        self.observedGeneration = observedGeneration
        self.replicas = replicas
        self.updatedReplicas = updatedReplicas
        self.readyReplicas = readyReplicas
        self.availableReplicas = availableReplicas
        self.updateRevision = updateRevision
    }

    init(json: JSON) {
        self.init(observedGeneration: json["observedGeneration"].int,
                  replicas: json["replicas"].int ?? json["desiredNumberScheduled"].int ?? 0,
                  updatedReplicas: json["updatedReplicas"].int ?? json["updatedNumberScheduled"].int ?? 0,
                  readyReplicas: json["readyReplicas"].int ?? json["numberReady"].int ?? 0,
                  availableReplicas: json["availableReplicas"].int ?? json["numberAvailable"].int ?? 0,
                  updateRevision: json["updateRevision"].string)
    }
}

/// A workload's `spec.selector`, printable as the `labelSelector` query kubectl sends.
public struct LabelSelector: Sendable, Equatable {
    public struct Requirement: Sendable, Equatable {
        public var key: String
        /// In, NotIn, Exists, DoesNotExist.
        public var op: String
        public var values: [String]
    }

    public var matchLabels: [String: String]
    public var matchExpressions: [Requirement]

    public init(matchLabels: [String: String] = [:], matchExpressions: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    init(json: JSON) {
        self.init(matchLabels: json["matchLabels"].stringMap,
                  matchExpressions: json["matchExpressions"].array.map {
                      Requirement(key: $0["key"].string ?? "", op: $0["operator"].string ?? "",
                                  values: $0["values"].array.compactMap(\.string))
                  })
    }

    public var isEmpty: Bool { matchLabels.isEmpty && matchExpressions.isEmpty }

    /// `app=x,tier in (a,b)`: the selector syntax of `?labelSelector=` and `kubectl -l`.
    public var queryString: String {
        var terms = matchLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for requirement in matchExpressions {
            switch requirement.op {
            case "In": terms.append("\(requirement.key) in (\(requirement.values.joined(separator: ",")))")
            case "NotIn": terms.append("\(requirement.key) notin (\(requirement.values.joined(separator: ",")))")
            case "Exists": terms.append(requirement.key)
            case "DoesNotExist": terms.append("!\(requirement.key)")
            default: continue
            }
        }
        return terms.joined(separator: ",")
    }
}
