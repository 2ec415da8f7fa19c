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
