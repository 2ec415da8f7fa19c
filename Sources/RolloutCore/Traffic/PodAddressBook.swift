import KubeModel

/// Which pod held each IP, and since when: pod IPs are reused (a new pod on the
/// node can get the address of one that just went), so an outbound request is
/// given to the pod that held its upstream IP at the request's own time, not to
/// whoever holds it now.
struct PodAddressBook: Sendable {
    struct Holder: Sendable, Equatable {
        var since: Timestamp
        var pod: PodName
    }

    /// Holders of each IP, oldest first, the last few only.
    private var holders: [String: [Holder]] = [:]
    /// Each pod instance's IP as last seen (by uid), so an update that keeps it costs a lookup.
    private var addressOfPod: [String: String] = [:]
    /// Enough to span the reuse of one address during a rollout many times over.
    private static let holdersKept = 8

    /// The IPs of every pod the store holds, from when each was first seen: what a
    /// ledger started after the pods were listed begins with.
    init(store: Store) {
        for record in store.orderedPods {
            if let ip = record.pod.status.podIP, !ip.isEmpty {
                note(ip, uid: record.uid, pod: record.podName, at: record.firstSeen)
            }
        }
    }

    mutating func observe(_ event: WatchEvent) {
        guard event.resource == .pods else { return }
        switch event.change {
        case .added(let object), .modified(let object):
            observe(object, at: event.time)
        case .replaced(let objects, _), .listPage(let objects, _, _, _):
            for object in objects { observe(object, at: event.time) }
        case .deleted, .bookmark, .error:
            // A deleted pod keeps its address until another pod is given it.
            break
        }
    }

    private mutating func observe(_ object: KubeObject, at time: Timestamp) {
        guard case .pod(let pod) = object, let ip = pod.status.podIP, !ip.isEmpty else { return }
        note(ip, uid: pod.metadata.uid, pod: PodName(namespace: pod.metadata.namespace, name: pod.metadata.name), at: time)
    }

    private mutating func note(_ ip: String, uid: String, pod: PodName, at time: Timestamp) {
        guard addressOfPod[uid] != ip else { return }
        addressOfPod[uid] = ip
        var list = holders[ip, default: []]
        if list.last?.pod == pod { return }
        list.append(Holder(since: time, pod: pod))
        if list.count > Self.holdersKept { list.removeFirst(list.count - Self.holdersKept) }
        holders[ip] = list
    }

    /// The pod that held `ip` at `time`: the latest holder from before it, or, for a
    /// request stamped a little before rollwatch saw the address given (clocks differ,
    /// the pod's update arrives late), the first holder within `tolerance` after it.
    func pod(holding ip: String, at time: Timestamp, tolerance: Double) -> PodName? {
        guard let list = holders[ip] else { return nil }
        if let holder = list.last(where: { $0.since <= time }) { return holder.pod }
        if let first = list.first, first.since.seconds(since: time) <= tolerance { return first.pod }
        return nil
    }
}
