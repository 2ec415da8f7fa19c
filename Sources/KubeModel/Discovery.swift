import JSONLite

/// An EndpointSlice (discovery.k8s.io/v1): which pods a Service sends traffic to.
public struct EndpointSlice: Sendable, Equatable {
    public static let serviceNameLabel = "kubernetes.io/service-name"

    public var metadata: ObjectMeta
    public var endpoints: [Endpoint]

    public init(metadata: ObjectMeta, endpoints: [Endpoint]) {
        self.metadata = metadata
        self.endpoints = endpoints
    }

    public init(json: JSON) {
        self.init(metadata: ObjectMeta(json: json["metadata"]), endpoints: json["endpoints"].array.map(Endpoint.init(json:)))
    }

    /// The Service the slice belongs to: its `kubernetes.io/service-name` label, made
    /// terminal-safe here as every shown name is (labels themselves are kept raw).
    public var serviceName: String? { metadata.labels[EndpointSlice.serviceNameLabel]?.sanitizedForTerminal }

    /// An endpoint as the store reads it: its conditions and the pod it is. Its addresses,
    /// node, zone and the target's uid are not kept: nothing reads them, and a slice of
    /// a few hundred endpoints is decoded again on every change to any one of them.
    public struct Endpoint: Sendable, Equatable {
        /// Absent `ready` means ready, absent `serving` means the value of ready (API docs).
        public var ready: Bool
        public var serving: Bool
        public var terminating: Bool
        public var targetRef: ObjectReference?

        public init(ready: Bool, serving: Bool? = nil, terminating: Bool = false, targetRef: ObjectReference?) {
            self.ready = ready
            self.serving = serving ?? ready
            self.terminating = terminating
            self.targetRef = targetRef
        }

        init(json: JSON) {
            let conditions = json["conditions"]
            let ready = conditions["ready"].bool ?? true
            self.init(ready: ready, serving: conditions["serving"].bool, terminating: conditions["terminating"].bool ?? false,
                      targetRef: ObjectReference(target: json["targetRef"]))
        }
    }
}

/// Legacy v1 Endpoints (deprecated since 1.33), used only where EndpointSlices are not.
public struct Endpoints: Sendable, Equatable {
    public var metadata: ObjectMeta
    /// Ready addresses with their pods.
    public var ready: [ObjectReference]
    public var notReady: [ObjectReference]

    public init(metadata: ObjectMeta, ready: [ObjectReference], notReady: [ObjectReference]) {
        self.metadata = metadata
        self.ready = ready
        self.notReady = notReady
    }

    public init(json: JSON) {
        let subsets = json["subsets"].array
        self.init(metadata: ObjectMeta(json: json["metadata"]),
                  ready: subsets.flatMap { $0["addresses"].array.compactMap { ObjectReference(json: $0["targetRef"]) } },
                  notReady: subsets.flatMap { $0["notReadyAddresses"].array.compactMap { ObjectReference(json: $0["targetRef"]) } })
    }

    /// The Service of a v1 Endpoints object has the same name.
    public var serviceName: String { metadata.name }

    /// The same membership as an EndpointSlice would say it; v1 has no serving or terminating.
    public var asEndpointSlice: EndpointSlice {
        EndpointSlice(
            metadata: ObjectMeta(name: metadata.name, namespace: metadata.namespace, uid: metadata.uid,
                                 labels: [EndpointSlice.serviceNameLabel: metadata.name]),
            endpoints: ready.map { EndpointSlice.Endpoint(ready: true, targetRef: $0) }
                + notReady.map { EndpointSlice.Endpoint(ready: false, targetRef: $0) }
        )
    }
}

public struct Service: Sendable, Equatable {
    public var metadata: ObjectMeta
    public var selector: [String: String]
    public var publishNotReadyAddresses: Bool

    public init(metadata: ObjectMeta, selector: [String: String], publishNotReadyAddresses: Bool = false) {
        self.metadata = metadata
        self.selector = selector
        self.publishNotReadyAddresses = publishNotReadyAddresses
    }

    public init(json: JSON) {
        self.init(metadata: ObjectMeta(json: json["metadata"]), selector: json["spec"]["selector"].stringMap,
                  publishNotReadyAddresses: json["spec"]["publishNotReadyAddresses"].bool ?? false)
    }

    /// A Service selects a pod when its non-empty selector is a subset of the pod's labels.
    public func selects(labels: [String: String]) -> Bool {
        !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
    }
}
