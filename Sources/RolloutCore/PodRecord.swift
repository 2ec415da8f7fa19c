import KubeModel

/// A pod's namespace and name: how EndpointSlices and Events point at pods.
public struct PodName: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let namespace: String
    public let name: String
    /// Both names hashed once, when the name is made: a pod's name is looked up in the
    /// store's tables (instances, live pods, endpoints, Events, slices) several times for
    /// each input that touches it, and hashing both strings every time was ~400
    /// instructions a lookup. Seeded like every `Hasher`, so never written anywhere.
    private let hashOfNames: Int

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
        var hasher = Hasher()
        hasher.combine(namespace)
        hasher.combine(name)
        hashOfNames = hasher.finalize()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hashOfNames)
    }

    public static func == (lhs: PodName, rhs: PodName) -> Bool {
        lhs.hashOfNames == rhs.hashOfNames && lhs.name == rhs.name && lhs.namespace == rhs.namespace
    }

    public static func < (lhs: PodName, rhs: PodName) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }

    public var description: String { "\(namespace)/\(name)" }
}

/// One container as rollwatch sees it: spec facts and the latest status.
public struct ContainerRecord: Sendable, Equatable {
    public var name: String
    public var role: ContainerRole
    /// Declared under `initContainers` (classic init or native sidecar).
    public var isInitContainer: Bool
    public var spec: ContainerSpec
    public var status: ContainerStatus?

    public var ready: Bool { status?.ready ?? false }
    public var state: ContainerState { status?.state ?? .waiting(reason: nil, message: nil) }
    public var restarts: Int { status?.restartCount ?? 0 }
}

/// Everything known about one pod instance (one uid): its latest object, its
/// containers with roles, and the timeline of its transitions.
public struct PodRecord: Sendable, Equatable {
    public var uid: String
    public var podName: PodName
    /// The latest object, without its container lists: `containers` has those.
    ///
    /// Kept in a box of its own (changed in place while this record alone holds it): the
    /// rules take a copy of the record for each pod an input touches, and a copy of the
    /// object inline retained and released every one of its strings and tables.
    public var pod: Pod {
        get { podBox.pod }
        set {
            if isKnownUniquelyReferenced(&podBox) {
                podBox.pod = newValue
            } else {
                podBox = PodBox(newValue)
            }
        }
    }
    private var podBox: PodBox
    public var containers: [ContainerRecord]
    public var firstSeen: Timestamp
    /// Receive time at which deletionTimestamp first appeared.
    public var deletionRequestedAt: Timestamp?
    /// Receive time at which the pod left the API.
    public var removedAt: Timestamp?
    /// Oldest first, up to the store's cap. Kept as a `TransitionLog`, whose chunks copies
    /// of the record share, and read as an array.
    public var timeline: [Transition] {
        get { transitions.all }
        set { transitions = TransitionLog(newValue) }
    }
    var transitions = TransitionLog()
    /// Transitions dropped from the front of `timeline` by the history cap.
    public var droppedTransitions = 0
    /// The store's number for this instance, dense from 0 in order of first sight:
    /// an array index for views that keep something per pod.
    public internal(set) var serial = 0
    /// The store's `generation` when this record last changed, so a view can redo
    /// only what changed since it last looked.
    public internal(set) var generation = 0

    public init(uid: String, podName: PodName, pod: Pod, containers: [ContainerRecord], firstSeen: Timestamp,
                deletionRequestedAt: Timestamp? = nil) {
        self.uid = uid
        self.podName = podName
        podBox = PodBox(pod)
        self.containers = containers
        self.firstSeen = firstSeen
        self.deletionRequestedAt = deletionRequestedAt
    }

    /// `pod`'s box: changed only while one record holds it (see `pod`'s setter), so sharing it between threads is safe.
    private final class PodBox: @unchecked Sendable, Equatable {
        var pod: Pod

        init(_ pod: Pod) {
            self.pod = pod
        }

        static func == (lhs: PodBox, rhs: PodBox) -> Bool {
            lhs === rhs || lhs.pod == rhs.pod
        }
    }

    public var isRemoved: Bool { removedAt != nil }
    public var isReady: Bool { pod.status.condition("Ready")?.isTrue ?? false }

    public func container(_ name: String) -> ContainerRecord? {
        containers.first { $0.name == name }
    }

    /// Readiness gates with their condition (absent counts as False, as the kubelet does).
    public var gates: [PodCondition] {
        pod.spec.readinessGates.map { type in pod.status.condition(type) ?? PodCondition(type: type, status: "False") }
    }
}

extension PodRecord {
    /// The pod's containers with their roles. A role already worked out for `previous`
    /// (the same instance's last version) is taken again when nothing it depends on
    /// changed: the same name, list and restart policy, and the same Istio status
    /// annotation, which would otherwise be parsed again for every app container on
    /// every update of the pod.
    static func containers(of pod: Pod, roles: RoleClassifier, previous: PodRecord? = nil) -> [ContainerRecord] {
        let annotations = pod.metadata.annotations
        let statusAnnotation = RoleClassifier.istioStatusAnnotation
        let earlier = previous.flatMap { previous in
            previous.pod.metadata.annotations[statusAnnotation] == annotations[statusAnnotation] ? previous.containers : nil
        } ?? []
        /// The earlier role when nothing it depends on changed; nil when it must be worked out.
        func earlierRole(of spec: ContainerSpec, isInit: Bool) -> ContainerRole? {
            guard let index = earlier.firstIndex(where: { $0.name == spec.name }), earlier[index].isInitContainer == isInit,
                  earlier[index].spec.restartPolicy == spec.restartPolicy else { return nil }
            return earlier[index].role
        }
        // Both lists into one array made at its size: two arrays joined copied every record again.
        var records: [ContainerRecord] = []
        records.reserveCapacity(pod.spec.initContainers.count + pod.spec.containers.count)
        func append(_ specs: [ContainerSpec], _ statuses: [ContainerStatus], isInit: Bool) {
            // Worked out for the whole list, once, when the first container needs it.
            var worked: [ContainerRole]?
            for index in specs.indices {
                let spec = specs[index]
                let role = earlierRole(of: spec, isInit: isInit) ?? {
                    let all = worked ?? roles.roles(of: specs, isInit: isInit, annotations: annotations)
                    worked = all
                    return all[index]
                }()
                records.append(ContainerRecord(name: spec.name, role: role, isInitContainer: isInit, spec: spec,
                                               status: statuses.first { $0.name == spec.name }))
            }
        }
        append(pod.spec.initContainers, pod.status.initContainerStatuses, isInit: true)
        append(pod.spec.containers, pod.status.containerStatuses, isInit: false)
        return records
    }
}
