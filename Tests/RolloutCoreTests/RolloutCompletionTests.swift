import JSONLite
import KubeModel
import Testing
import TestSupport
@testable import RolloutCore

/// `report --until-complete` stops when `Store.isRolloutComplete` says so: as
/// `kubectl rollout status` judges the workload, and no old pod still terminating.
struct RolloutCompletionTests {
    static let key = WorkloadKey(kind: .deployment, namespace: "shop", name: "checkout")

    /// A workload of `kind` named checkout at `generation`, with the status given.
    static func workload(_ kind: Workload.Kind, generation: Int = 2, observed: Int = 2, replicas: Int? = 3,
                         status: WorkloadStatus) -> KubeObject {
        var status = status
        status.observedGeneration = observed
        return .workload(Workload(kind: kind, metadata: ObjectMeta(name: "checkout", namespace: "shop", generation: generation),
                                  replicas: replicas, status: status))
    }

    static let done = WorkloadStatus(replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3)

    static func store(_ objects: KubeObject...) -> Store {
        var store = Store()
        for (index, object) in objects.enumerated() {
            store.apply(StoreTests.event(.deployments, .added(object), at: Double(index)))
        }
        return store
    }

    @Test func aDeploymentWithEveryReplicaUpdatedReadyAndAvailableIsComplete() {
        #expect(Self.store(Self.workload(.deployment, status: Self.done)).isRolloutComplete(Self.key))
    }

    @Test func aDeploymentStillRunningAnOldReplicaIsNotComplete() {
        let surging = WorkloadStatus(replicas: 4, updatedReplicas: 3, readyReplicas: 4, availableReplicas: 4)
        #expect(!Self.store(Self.workload(.deployment, status: surging)).isRolloutComplete(Self.key))
    }

    @Test func aControllerThatHasNotSeenTheNewestSpecIsNotComplete() {
        #expect(!Self.store(Self.workload(.deployment, generation: 3, observed: 2, status: Self.done)).isRolloutComplete(Self.key))
    }

    @Test func aWorkloadNotSeenIsNotComplete() {
        let other = WorkloadKey(kind: .deployment, namespace: "shop", name: "payments")
        #expect(!Self.store(Self.workload(.deployment, status: Self.done)).isRolloutComplete(other))
        // Same name and namespace, another kind: a StatefulSet is not the Deployment asked about.
        #expect(!Self.store(Self.workload(.statefulSet, status: Self.done)).isRolloutComplete(Self.key))
    }

    @Test func notCompleteWhileAnOldPodIsStillTerminating() {
        var store = Self.store(Self.workload(.deployment, status: Self.done))
        var terminating = Objects.pod("checkout-aaa-1", replicaSet: "checkout-aaa", labels: StoreTests.labels)
        if case .object(var object) = terminating, case .object(var metadata)? = object["metadata"] {
            metadata["deletionTimestamp"] = "2024-05-01T15:23:30Z"
            object["metadata"] = .object(metadata)
            terminating = .object(object)
        }
        store.apply(StoreTests.event(.pods, .added(ResourceKind.pods.decode(terminating)), at: 5))
        #expect(!store.isRolloutComplete(Self.key))
        store.apply(StoreTests.event(.pods, .deleted(ResourceKind.pods.decode(terminating)), at: 6))
        #expect(store.isRolloutComplete(Self.key))
    }

    @Test func aStatefulSetIsCompleteWhenEveryReplicaIsUpdatedAndReady() {
        let key = WorkloadKey(kind: .statefulSet, namespace: "shop", name: "checkout")
        #expect(Self.store(Self.workload(.statefulSet, status: WorkloadStatus(replicas: 3, updatedReplicas: 3, readyReplicas: 3)))
            .isRolloutComplete(key))
        #expect(!Self.store(Self.workload(.statefulSet, status: WorkloadStatus(replicas: 3, updatedReplicas: 2, readyReplicas: 3)))
            .isRolloutComplete(key))
    }

    @Test func aDaemonSetIsCompleteWhenEveryNodeRunsTheUpdatedPodAvailable() {
        let key = WorkloadKey(kind: .daemonSet, namespace: "shop", name: "checkout")
        // A DaemonSet has no spec.replicas: desiredNumberScheduled (status.replicas) is the goal.
        func daemonSet(updated: Int, available: Int) -> KubeObject {
            Self.workload(.daemonSet, replicas: nil,
                          status: WorkloadStatus(replicas: 5, updatedReplicas: updated, readyReplicas: 5, availableReplicas: available))
        }
        #expect(!Self.store(daemonSet(updated: 5, available: 4)).isRolloutComplete(key))
        #expect(Self.store(daemonSet(updated: 5, available: 5)).isRolloutComplete(key))
        #expect(!Self.store(daemonSet(updated: 4, available: 5)).isRolloutComplete(key))
    }

    @Test func aTargetResourceNamesItsWorkloadKind() {
        #expect(WorkloadKey(resource: .statefulsets, namespace: "shop", name: "db") == WorkloadKey(kind: .statefulSet, namespace: "shop", name: "db"))
        #expect(WorkloadKey(resource: .services, namespace: "shop", name: "db") == nil)
    }
}
