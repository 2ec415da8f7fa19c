import JSONLite

extension ResourceKind {
    /// `decode(_:)` read straight from a scanner at the object's value.
    public func decode(scanning scanner: inout JSONScanner) throws(JSONParseError) -> KubeObject {
        switch self {
        case .pods: return .pod(try Pod(scanning: &scanner))
        case .endpointslices: return .endpointSlice(try EndpointSlice(scanning: &scanner))
        case .endpoints: return .endpoints(try Endpoints(scanning: &scanner))
        case .events: return .event(try Event(scanning: &scanner))
        case .services: return .service(try Service(scanning: &scanner))
        case .deployments: return .workload(try Workload(kind: .deployment, scanning: &scanner))
        case .replicasets: return .workload(try Workload(kind: .replicaSet, scanning: &scanner))
        case .statefulsets: return .workload(try Workload(kind: .statefulSet, scanning: &scanner))
        case .daemonsets: return .workload(try Workload(kind: .daemonSet, scanning: &scanner))
        }
    }
}
