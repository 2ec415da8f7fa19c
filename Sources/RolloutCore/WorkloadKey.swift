import KubeModel

/// Which workload: kind, namespace and name. What the store keys its workloads by
/// and what a pod's controller reference is resolved to, so no one builds or
/// splits "Kind/namespace/name" strings.
public struct WorkloadKey: Sendable, Hashable, CustomStringConvertible {
    public var kind: Workload.Kind
    public var namespace: String
    public var name: String

    public init(kind: Workload.Kind, namespace: String, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    public init(_ workload: Workload) {
        self.init(kind: workload.kind, namespace: workload.metadata.namespace, name: workload.metadata.name)
    }

    /// The workload an owner reference names, in the namespace of the object that holds
    /// it (owners are always in their dependant's namespace); nil for kinds rollwatch
    /// does not watch (a Job, a custom controller).
    public init?(owner: OwnerReference, namespace: String) {
        guard let kind = Workload.Kind(rawValue: owner.kind) else { return nil }
        self.init(kind: kind, namespace: namespace, name: owner.name)
    }

    /// The workload named `name` in a workload resource (deployments, statefulsets, …);
    /// nil for a resource that holds no workloads (services, pods).
    public init?(resource: ResourceKind, namespace: String, name: String) {
        guard let kind = Store.workloadKind(of: resource) else { return nil }
        self.init(kind: kind, namespace: namespace, name: name)
    }

    public var description: String { "\(kind.rawValue)/\(namespace)/\(name)" }
}
