import KubeModel

extension Store {
    /// Whether a workload's rollout is over, for `report --until-complete`: the
    /// workload is in the store and complete (see `Workload.isRolloutComplete`), and no
    /// live pod is still terminating, since an old pod's exit is what no-drain-delay
    /// judges and stopping before it would miss that finding. A workload not (yet)
    /// seen is not complete.
    public func isRolloutComplete(_ key: WorkloadKey) -> Bool {
        guard let workload = workloads[key], workload.isRolloutComplete else { return false }
        return !livePods.values.contains { uid in
            guard let pod = pods[uid] else { return false }
            return pod.deletionRequestedAt != nil && !pod.isRemoved
        }
    }
}

extension Workload {
    /// Whether the rollout is done, as `kubectl rollout status` judges it: the
    /// controller has seen the newest spec, every replica runs the new revision,
    /// no old replica is left, and all are ready and available.
    public var isRolloutComplete: Bool {
        if let generation = metadata.generation, (status.observedGeneration ?? 0) < generation { return false }
        let desired = replicas ?? status.replicas
        switch kind {
        case .deployment:
            return status.updatedReplicas >= desired && status.replicas == status.updatedReplicas
                && status.readyReplicas >= desired && status.availableReplicas >= desired
        case .statefulSet:
            return status.updatedReplicas >= desired && status.readyReplicas >= desired
        case .daemonSet:
            return status.updatedReplicas >= desired && status.availableReplicas >= desired
        case .replicaSet:
            return status.readyReplicas >= desired
        }
    }
}
