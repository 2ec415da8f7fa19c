import JSONLite

/// The metadata rollwatch reads from any object.
public struct ObjectMeta: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var uid: String
    public var resourceVersion: String
    public var generation: Int?
    public var labels: [String: String]
    public var annotations: [String: String]
    public var creationTimestamp: Timestamp?
    public var deletionTimestamp: Timestamp?
    public var deletionGracePeriodSeconds: Int?
    public var ownerReferences: [OwnerReference]

    public init(name: String, namespace: String = "", uid: String = "", resourceVersion: String = "",
                generation: Int? = nil, labels: [String: String] = [:], annotations: [String: String] = [:],
                creationTimestamp: Timestamp? = nil, deletionTimestamp: Timestamp? = nil,
                deletionGracePeriodSeconds: Int? = nil, ownerReferences: [OwnerReference] = []) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.labels = labels
        self.annotations = annotations
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.deletionGracePeriodSeconds = deletionGracePeriodSeconds
        self.ownerReferences = ownerReferences
    }

    public init(json: JSON) {
        self.init(
            name: json["name"].clusterString ?? "",
            namespace: json["namespace"].clusterString ?? "",
            uid: json["uid"].string ?? "",
            resourceVersion: json["resourceVersion"].string ?? "",
            generation: json["generation"].int,
            labels: json["labels"].stringMap,
            // Only what rollwatch reads: a pod's other annotations (restartedAt, scrape
            // settings, last-applied-configuration) would cost memory 10,000 times over.
            annotations: json["annotations"].stringMap.filter { ObjectMeta.isRead(annotation: $0.key) },
            creationTimestamp: json["creationTimestamp"].timestamp,
            deletionTimestamp: json["deletionTimestamp"].timestamp,
            deletionGracePeriodSeconds: json["deletionGracePeriodSeconds"].int,
            ownerReferences: json["ownerReferences"].array.map(OwnerReference.init(json:))
        )
    }

    /// Annotation keys (exact, or prefixes ending in "/") that rules and roles read.
    public static let readAnnotationPrefixes = [
        "sidecar.istio.io/", "proxy.istio.io/", "traffic.sidecar.istio.io/", "inject.istio.io/", "istio.io/rev",
        "vault.hashicorp.com/agent-inject", "vault.hashicorp.com/agent-init-first", "vault.hashicorp.com/agent-pre-populate",
        "cloud.google.com/neg", "kubectl.kubernetes.io/default-container", "deployment.kubernetes.io/",
        "linkerd.io/inject", "config.linkerd.io/",
    ]

    public static func isRead(annotation key: String) -> Bool {
        readAnnotationPrefixes.contains { prefix in prefix.hasSuffix("/") ? key.hasPrefix(prefix) : key == prefix }
    }

    /// The controlling owner (ownerReferences[].controller), else the first owner.
    public var controller: OwnerReference? {
        ownerReferences.first(where: \.isController) ?? ownerReferences.first
    }
}

public struct OwnerReference: Sendable, Equatable {
    public var kind: String
    public var name: String
    public var uid: String
    public var isController: Bool

    public init(kind: String, name: String, uid: String = "", isController: Bool = true) {
        self.kind = kind
        self.name = name
        self.uid = uid
        self.isController = isController
    }

    init(json: JSON) {
        self.init(kind: json["kind"].clusterString ?? "", name: json["name"].clusterString ?? "",
                  uid: json["uid"].string ?? "", isController: json["controller"].bool ?? false)
    }
}

/// What an event or an endpoint points at.
///
/// Its `uid` is not kept: nothing reads it, and an Event's was a string made for every Event.
public struct ObjectReference: Sendable, Equatable {
    public var kind: String
    public var namespace: String
    public var name: String
    public var fieldPath: String

    public init(kind: String, namespace: String = "", name: String, fieldPath: String = "") {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.fieldPath = fieldPath
    }

    /// An endpoint's target: only what names the pod (see `EndpointSlice.Endpoint`).
    init?(target json: JSON) {
        guard let name = json["name"].clusterString else { return nil }
        self.init(kind: json["kind"].clusterString ?? "", namespace: json["namespace"].clusterString ?? "", name: name)
    }

    init?(json: JSON) {
        // Decoded as ObjectMeta decodes names, so a target still matches its pod.
        guard let name = json["name"].clusterString else { return nil }
        self.init(kind: json["kind"].clusterString ?? "", namespace: json["namespace"].clusterString ?? "", name: name,
                  fieldPath: json["fieldPath"].clusterString ?? "")
    }
}

extension JSON {
    /// An RFC 3339 time, or nil when absent or malformed.
    public var timestamp: Timestamp? { string.flatMap(Timestamp.init(rfc3339:)) }
}
