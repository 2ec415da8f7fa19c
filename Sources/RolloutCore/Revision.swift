import KubeModel

/// Whether a pod belongs to the revision being rolled out or to one being replaced.
public enum Revision: String, Sendable, Equatable {
    case new
    case old
    /// Not owned by a watched workload (a bare pod, or no workload stream).
    case unknown
}

extension Store {
    /// A Deployment's pods are new when their ReplicaSet has the highest
    /// `deployment.kubernetes.io/revision` of its siblings; a StatefulSet's when
    /// their controller-revision-hash is its updateRevision; a DaemonSet's when their
    /// pod-template-generation is its generation.
    /// What `revision(of:)` depends on besides the workloads: pods with the same key
    /// are of the same revision.
    public func revisionKey(of record: PodRecord) -> String {
        guard let owner = record.pod.metadata.controller else { return "" }
        let labels = record.pod.metadata.labels
        let label: String
        switch owner.kind {
        case "StatefulSet": label = labels["controller-revision-hash"] ?? ""
        case "DaemonSet": label = labels["pod-template-generation"] ?? ""
        default: label = ""
        }
        return "\(owner.kind)/\(record.podName.namespace)/\(owner.name)/\(label)"
    }

    public func revision(of record: PodRecord) -> Revision {
        guard let owner = record.pod.metadata.controller else { return .unknown }
        let namespace = record.podName.namespace
        let labels = record.pod.metadata.labels
        switch owner.kind {
        case "ReplicaSet":
            guard let replicaSet = workloads["ReplicaSet/\(namespace)/\(owner.name)"],
                  let revision = replicaSet.deploymentRevision,
                  let deployment = replicaSet.metadata.controller
            else { return .unknown }
            let newest = workloads.values
                .filter { $0.kind == .replicaSet && $0.metadata.namespace == namespace && $0.metadata.controller?.name == deployment.name }
                .compactMap(\.deploymentRevision).max() ?? revision
            return revision == newest ? .new : .old
        case "StatefulSet":
            guard let statefulSet = workloads["StatefulSet/\(namespace)/\(owner.name)"],
                  let update = statefulSet.status.updateRevision, let hash = labels["controller-revision-hash"]
            else { return .unknown }
            return hash == update ? .new : .old
        case "DaemonSet":
            guard let daemonSet = workloads["DaemonSet/\(namespace)/\(owner.name)"],
                  let generation = daemonSet.metadata.generation, let podGeneration = labels["pod-template-generation"]
            else { return .unknown }
            return podGeneration == String(generation) ? .new : .old
        default:
            return .unknown
        }
    }
}
