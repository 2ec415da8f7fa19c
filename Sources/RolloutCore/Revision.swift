import KubeModel

/// Whether a pod belongs to the revision being rolled out or to one being replaced.
public enum Revision: String, Sendable, Equatable {
    case new
    case old
    /// Not owned by a watched workload (a bare pod, or no workload stream).
    case unknown
}

/// What `Store.revision(of:)` depends on besides the workloads: pods with the same
/// key are of the same revision, so a view can work the revision out once per key.
public struct RevisionKey: Sendable, Hashable {
    /// The controlling workload; nil for a bare pod or an owner rollwatch does not watch.
    public var owner: WorkloadKey?
    /// The pod label the owner's revision is compared with (controller-revision-hash,
    /// pod-template-generation); empty for a ReplicaSet's pods, whose ReplicaSet decides.
    public var label: String
}

extension Store {
    /// A Deployment's pods are new when their ReplicaSet has the highest
    /// `deployment.kubernetes.io/revision` of its siblings; a StatefulSet's when
    /// their controller-revision-hash is its updateRevision; a DaemonSet's when their
    /// pod-template-generation is its generation.
    public func revisionKey(of record: PodRecord) -> RevisionKey {
        let owner = Store.owner(of: record)
        let labels = record.pod.metadata.labels
        let label: String
        switch owner?.kind {
        case .statefulSet: label = labels["controller-revision-hash"] ?? ""
        case .daemonSet: label = labels["pod-template-generation"] ?? ""
        default: label = ""
        }
        return RevisionKey(owner: owner, label: label)
    }

    public func revision(of record: PodRecord) -> Revision {
        guard let owner = Store.owner(of: record) else { return .unknown }
        let labels = record.pod.metadata.labels
        switch owner.kind {
        case .replicaSet:
            guard let replicaSet = workloads[owner],
                  let revision = replicaSet.deploymentRevision,
                  let deployment = replicaSet.metadata.controller
            else { return .unknown }
            let newest = workloads.values
                .filter { $0.kind == .replicaSet && $0.metadata.namespace == owner.namespace && $0.metadata.controller?.name == deployment.name }
                .compactMap(\.deploymentRevision).max() ?? revision
            return revision == newest ? .new : .old
        case .statefulSet:
            guard let statefulSet = workloads[owner],
                  let update = statefulSet.status.updateRevision, let hash = labels["controller-revision-hash"]
            else { return .unknown }
            return hash == update ? .new : .old
        case .daemonSet:
            guard let daemonSet = workloads[owner],
                  let generation = daemonSet.metadata.generation, let podGeneration = labels["pod-template-generation"]
            else { return .unknown }
            return podGeneration == String(generation) ? .new : .old
        case .deployment:
            return .unknown // Deployments own ReplicaSets, never pods
        }
    }

    /// The workload controlling a pod, if it is of a kind rollwatch watches.
    static func owner(of record: PodRecord) -> WorkloadKey? {
        record.pod.metadata.controller.flatMap { WorkloadKey(owner: $0, namespace: record.podName.namespace) }
    }
}
