import JSONLite

/// The resources rollwatch watches, with where they live in the API.
public enum ResourceKind: String, Sendable, CaseIterable, Comparable {
    case pods
    case endpointslices
    case endpoints
    case events
    case services
    case deployments
    case replicasets
    case statefulsets
    case daemonsets

    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// `/api/v1` or `/apis/GROUP/VERSION`.
    public var apiPrefix: String {
        switch self {
        case .pods, .endpoints, .events, .services: return "/api/v1"
        case .endpointslices: return "/apis/discovery.k8s.io/v1"
        case .deployments, .replicasets, .statefulsets, .daemonsets: return "/apis/apps/v1"
        }
    }

    /// The collection path, namespaced or across all namespaces (`namespace == nil`).
    public func collectionPath(namespace: String?) -> String {
        if let namespace { return "\(apiPrefix)/namespaces/\(namespace)/\(rawValue)" }
        return "\(apiPrefix)/\(rawValue)"
    }

    /// Decodes one object of this resource. List items carry no `kind`, so the
    /// stream's resource decides the type, not the object.
    public func decode(_ json: JSON) -> KubeObject {
        switch self {
        case .pods: return .pod(Pod(json: json))
        case .endpointslices: return .endpointSlice(EndpointSlice(json: json))
        case .endpoints: return .endpoints(Endpoints(json: json))
        case .events: return .event(Event(json: json))
        case .services: return .service(Service(json: json))
        case .deployments: return .workload(Workload(kind: .deployment, json: json))
        case .replicasets: return .workload(Workload(kind: .replicaSet, json: json))
        case .statefulsets: return .workload(Workload(kind: .statefulSet, json: json))
        case .daemonsets: return .workload(Workload(kind: .daemonSet, json: json))
        }
    }
}

/// Indirect: each object is kept in a box of its own, so passing an input on (decoder to
/// batch, batch to the store, a watch event's change to `upsert`) copies one reference.
/// Inline, a pod is ~350 bytes of fields, and each copy the compiler made on the way
/// retained and later released every string and array in it.
public indirect enum KubeObject: Sendable, Equatable {
    case pod(Pod)
    case endpointSlice(EndpointSlice)
    case endpoints(Endpoints)
    case event(Event)
    case service(Service)
    case workload(Workload)

    public var metadata: ObjectMeta {
        switch self {
        case .pod(let pod): return pod.metadata
        case .endpointSlice(let slice): return slice.metadata
        case .endpoints(let endpoints): return endpoints.metadata
        case .event(let event): return event.metadata
        case .service(let service): return service.metadata
        case .workload(let workload): return workload.metadata
        }
    }
}
