import KubeModel

/// Limits that keep memory bounded over a long session.
public struct StoreLimits: Sendable, Equatable {
    /// A pod's timeline keeps its newest transitions up to this many.
    public var transitionsPerPod: Int
    public var eventsPerPod: Int
    /// Gone pods keep their whole record (timeline, events, spec) up to this many,
    /// the most recently gone; older ones are cut down to what the table and the
    /// report print, so a session through rollout after rollout stays small.
    public var detailedGonePods: Int
    /// Gone pods kept at all (detailed or summarized), the most recently gone; older
    /// ones leave the store and are only counted (`Store.podsNotKept`). Nil (the
    /// default): as many as the most pods live at once, at least `leastKeptGonePods`.
    /// A rollout replaces no more pods than it runs, so the last rollout lists every
    /// pod it replaced however large it is, while a day of rollouts keeps the size of
    /// the last one, not of the day.
    public var keptGonePods: Int?
    public static let leastKeptGonePods = 1_000

    public init(transitionsPerPod: Int = 256, eventsPerPod: Int = 64, detailedGonePods: Int = 1_000, keptGonePods: Int? = nil) {
        self.transitionsPerPod = transitionsPerPod
        self.eventsPerPod = eventsPerPod
        self.detailedGonePods = detailedGonePods
        self.keptGonePods = keptGonePods.map { max($0, detailedGonePods) }
    }
}

/// Identifies one store's history; see `Store.lineage`.
public final class Lineage: Sendable {
    init() {}
}

/// The state of a rollout, reduced from watch events and stream notices. A pure
/// reducer: time comes only from the events, so the same input gives the same
/// state, live or replayed.
public struct Store: Sendable {
    public let roles: RoleClassifier
    public let limits: StoreLimits

    /// Every pod instance seen, by uid, including removed ones. This and the other
    /// per-pod tables are bucketed so a copy of the store (a replay keyframe) shares
    /// them with the store that plays on, except the buckets changed after it.
    public internal(set) var pods: BucketedDictionary<String, PodRecord> = [:]
    /// Pod uids by record serial; append-only, in chunks a copy of the store shares.
    public internal(set) var uidsBySerial = AppendOnlyArray<String>()
    /// Record serials in display order (namespace, name, first seen, uid), kept sorted
    /// as pods arrive: sorting 10,000 records for every frame would cost more than the frame.
    /// In chunks a copy of the store shares (see `ChunkedList`).
    public internal(set) var displayOrder = ChunkedList<Int>()
    /// The serials of every instance with a name (a recreated StatefulSet pod has several).
    public internal(set) var instances: BucketedDictionary<PodName, [Int]> = [:]
    /// Gone pods still holding their whole record, oldest first.
    var detailedGone: [String] = []
    /// Gone pods cut down to their summary, oldest first (from `summarizedGoneStart` on:
    /// the ones before it have left the store; compacted now and then).
    var summarizedGone: [String] = []
    var summarizedGoneStart = 0
    /// How many gone pods left the store (beyond `keptGonePods`).
    public internal(set) var podsNotKept = 0
    /// The most pods live at once: what the default `StoreLimits.keptGonePods` follows.
    public internal(set) var mostLivePods = 0
    /// The serials of the last pods that left the store, newest last (up to 4,096): what
    /// a view's per-serial memo drops. One further behind than this starts over.
    public internal(set) var recentlyForgotten: [Int] = []
    /// Counts the watch events applied; each record an event changes is stamped with it.
    public internal(set) var generation = 0
    /// The serials of the records changed lately, each with the generation that changed it,
    /// oldest first (bounded): a view's per-pod memo visits these, not every record kept,
    /// so its work per frame follows the changes, not the pods a long session has seen.
    var touchLog: [(generation: Int, serial: Int)] = []
    /// The generation of the newest entry `touchLog` no longer holds.
    var touchLogDroppedThrough = -1
    /// Shared by this store and its copies (one history), told apart from any other
    /// store's, so a view's per-pod memo knows when it is looking at another history.
    public let lineage = Lineage()
    /// The uid of the live pod with each name.
    public internal(set) var livePods: BucketedDictionary<PodName, String> = [:]
    /// Endpoint membership per pod name per Service, merged across slices.
    public internal(set) var endpoints: BucketedDictionary<PodName, [String: EndpointMembership]> = [:]
    /// Events about pods, by pod name (they can arrive before their pod).
    public internal(set) var events: BucketedDictionary<PodName, [EventRecord]> = [:]
    /// Deployments, ReplicaSets, StatefulSets and DaemonSets.
    public internal(set) var workloads: [WorkloadKey: Workload] = [:]
    public internal(set) var streams: [ResourceKind: StreamHealth] = [:]
    /// Receive times of the first and last input.
    public internal(set) var firstTime: Timestamp?
    public internal(set) var lastTime: Timestamp?

    var slices: [String: SliceContribution] = [:]
    /// Lists being read in pages, by resource: what their pages held so far.
    var pagedLists: [ResourceKind: ListedKeys] = [:]
    /// The slices (keys of `slices`) that name each pod, so merging one pod's membership
    /// reads its own slices, not every slice of a 10,000-pod Service.
    var slicesByPod: BucketedDictionary<PodName, Set<String>> = [:]
    /// Ready endpoint counts per Service over time, newest last (capped).
    public internal(set) var serviceReadyCounts: [ServiceKey: [ReadyCount]] = [:]
    /// Pods (by uid) touched since the last `takeChanges()`, with what changed about
    /// each, and Services touched.
    var changedPods: [String: PodInputs] = [:]
    var changedServices: Set<ServiceKey> = []
    /// What changed about live pods without touching them (an Event seen again with
    /// nothing new, an older instance forgotten), by uid: the rules see it with the
    /// pod's next touch, as they always have, so it joins that touch's inputs.
    var untouchedChanges: [String: PodInputs] = [:]
    /// Counts the changes to `workloads`, which touch no pod (see `PodInputs.workloads`).
    public internal(set) var workloadsGeneration = 0

    /// Whether a newer version of a pod keeps the older one's storage of the parts equal in
    /// both (`Pod.sharingUnchanged(with:)`): what keeps copies of the store small (a replay's
    /// keyframes, which would otherwise each hold the whole older decode of every pod that
    /// changed after them). A store never copied (a report's) saves the comparisons, a
    /// tenth of applying an update; what it holds is equal either way.
    public let sharesUnchangedParts: Bool

    public init(roles: RoleClassifier = RoleClassifier(), limits: StoreLimits = StoreLimits(), sharesUnchangedParts: Bool = true) {
        self.roles = roles
        self.limits = limits
        self.sharesUnchangedParts = sharesUnchangedParts
    }

    public mutating func apply(_ event: WatchEvent) {
        generation += 1
        touch(event.time)
        switch event.change {
        case .added(let object), .modified(let object):
            upsert(object, at: event.time)
        case .deleted(let object):
            remove(object, at: event.time)
        case .replaced(let objects, _):
            replace(event.resource, with: objects, at: event.time)
        case .listPage(let objects, _, let number, let next):
            takePage(number, of: event.resource, objects, isLast: next == nil, at: event.time)
        case .bookmark, .error:
            break
        }
    }

    public mutating func apply(_ notice: StreamNotice) {
        touch(notice.time)
        var health = streams[notice.resource] ?? StreamHealth(resource: notice.resource)
        switch notice.kind {
        case .started:
            health.starts += 1
            health.state = .running
            if let transport = notice.transport { health.transport = transport }
        case .ended:
            health.state = .ended
        case .error:
            health.errors += 1
            health.lastError = notice.detail
            health.lastErrorAt = notice.time
            health.state = .failing
        }
        streams[notice.resource] = health
    }

    /// What the events since the last call touched, and what changed about each pod,
    /// so rules re-evaluate only that.
    /// Hands the tables over and starts empty ones: emptied in place while the caller
    /// holds them, each would be copied into new storage as large as the largest list's.
    public mutating func takeChanges() -> (pods: [String: PodInputs], services: Set<ServiceKey>) {
        defer {
            changedPods = [:]
            changedServices = []
        }
        return (changedPods, changedServices)
    }

    /// Pods in a stable order: by namespace and name, then first seen.
    public var orderedPods: [PodRecord] {
        displayOrder.map { pods[uidsBySerial[$0]]! }
    }

    /// The serials of the records changed after generation `since` (some perhaps twice,
    /// some since gone), or nil when the log no longer reaches back that far.
    public func serialsChanged(since: Int) -> [Int]? {
        guard since >= touchLogDroppedThrough else { return nil }
        var low = 0
        var high = touchLog.count
        while low < high {
            let middle = (low + high) / 2
            if touchLog[middle].generation <= since { low = middle + 1 } else { high = middle }
        }
        return touchLog[low...].map(\.serial)
    }

    public func record(serial: Int) -> PodRecord? {
        pods[uidsBySerial[serial]]
    }

    public func record(named name: PodName) -> PodRecord? {
        livePods[name].flatMap { pods[$0] }
    }

    private mutating func touch(_ time: Timestamp) {
        if firstTime == nil || time < firstTime! { firstTime = time }
        if lastTime == nil || time > lastTime! { lastTime = time }
    }

    private mutating func upsert(_ object: KubeObject, at time: Timestamp) {
        switch object {
        case .pod(let pod): upsertPod(pod, at: time)
        case .endpointSlice(let slice): upsertSlice(slice, at: time)
        case .endpoints(let legacy): upsertSlice(legacy.asEndpointSlice, key: "v1:" + Store.key(legacy.metadata), at: time)
        case .event(let event): recordEvent(event, at: time)
        case .workload(let workload): setWorkload(workload, for: WorkloadKey(workload))
        case .service: break
        }
    }

    private mutating func remove(_ object: KubeObject, at time: Timestamp) {
        switch object {
        case .pod(let pod): removePod(uid: Store.uid(of: pod), at: time, whileUnwatched: false)
        case .endpointSlice(let slice): removeSlice(key: Store.key(slice.metadata), at: time)
        case .endpoints(let legacy): removeSlice(key: "v1:" + Store.key(legacy.metadata), at: time)
        case .workload(let workload): setWorkload(nil, for: WorkloadKey(workload))
        case .event, .service: break
        }
    }

    /// Replace semantics (client-go Reflector): the list is the whole truth, so
    /// what the store holds and the list lacks was deleted while no watch was open.
    private mutating func replace(_ resource: ResourceKind, with objects: [KubeObject], at time: Timestamp) {
        var listed = ListedKeys()
        listed.note(objects)
        removeUnlisted(resource, listed, at: time)
        for object in objects { upsert(object, at: time) }
    }

    /// A page of a list read in pages: its objects are taken at once (the table fills
    /// as the pages come); the whole list's replace semantics wait for the last page.
    /// Page 1 starts a list afresh (one started before and cut short is forgotten).
    private mutating func takePage(_ number: Int, of resource: ResourceKind, _ objects: [KubeObject], isLast: Bool, at time: Timestamp) {
        if number == 1 { pagedLists[resource] = ListedKeys() }
        pagedLists[resource, default: ListedKeys()].note(objects)
        for object in objects { upsert(object, at: time) }
        if isLast, let listed = pagedLists.removeValue(forKey: resource) { removeUnlisted(resource, listed, at: time) }
    }

    private mutating func removeUnlisted(_ resource: ResourceKind, _ listed: ListedKeys, at time: Timestamp) {
        switch resource {
        case .pods:
            for uid in livePods.values.sorted() where !listed.pods.contains(uid) {
                removePod(uid: uid, at: time, whileUnwatched: true)
            }
        case .endpointslices, .endpoints:
            let legacy = resource == .endpoints
            for key in slices.keys.sorted() where key.hasPrefix("v1:") == legacy && !listed.slices.contains(key) {
                removeSlice(key: key, at: time)
            }
        case .deployments, .replicasets, .statefulsets, .daemonsets:
            let kind = listed.workloadKind ?? Store.workloadKind(of: resource)
            for key in workloads.keys where key.kind == kind && !listed.workloads.contains(key) {
                setWorkload(nil, for: key)
            }
        case .events, .services:
            break // events are history: an expired event is not "deleted"
        }
    }

    /// Every change to `workloads` goes through here, so `workloadsGeneration` counts it.
    private mutating func setWorkload(_ workload: Workload?, for key: WorkloadKey) {
        workloads[key] = workload
        workloadsGeneration += 1
    }

    /// What a list held, by the keys the store knows each object by.
    struct ListedKeys: Sendable {
        var pods: Set<String> = []
        /// Slice keys, v1 Endpoints' with their "v1:" prefix.
        var slices: Set<String> = []
        var workloads: Set<WorkloadKey> = []
        var workloadKind: Workload.Kind?

        mutating func note(_ objects: [KubeObject]) {
            for object in objects {
                switch object {
                case .pod(let pod): pods.insert(Store.uid(of: pod))
                case .endpointSlice(let slice): slices.insert(Store.key(slice.metadata))
                case .endpoints(let legacy): slices.insert("v1:" + Store.key(legacy.metadata))
                case .workload(let workload):
                    workloads.insert(WorkloadKey(workload))
                    workloadKind = workloadKind ?? workload.kind
                case .event, .service: break
                }
            }
        }
    }

    /// How many ready endpoints a Service had from a moment on.
    public struct ReadyCount: Sendable, Equatable {
        public var time: Timestamp
        public var count: Int
    }

    static func key(_ metadata: ObjectMeta) -> String { "\(metadata.namespace)/\(metadata.name)" }

    static func uid(of pod: Pod) -> String {
        pod.metadata.uid.isEmpty ? "\(pod.metadata.namespace)/\(pod.metadata.name)" : pod.metadata.uid
    }

    static func workloadKind(of resource: ResourceKind) -> Workload.Kind? {
        switch resource {
        case .deployments: return .deployment
        case .replicasets: return .replicaSet
        case .statefulsets: return .statefulSet
        case .daemonsets: return .daemonSet
        default: return nil
        }
    }
}
