import KubeModel

/// One Event about a pod, as last seen.
public struct EventRecord: Sendable, Equatable {
    public var key: String
    public var event: Event
    public var firstReceived: Timestamp
    public var lastReceived: Timestamp
}

extension Store {
    /// Keeps pod events by pod name and records each new event, and each rise of
    /// an aggregated event's count, on the pod's timeline.
    mutating func recordEvent(_ event: Event, at time: Timestamp) {
        guard event.involvedObject.kind == "Pod" else { return }
        let name = PodName(namespace: event.involvedObject.namespace.isEmpty ? event.metadata.namespace : event.involvedObject.namespace,
                           name: event.involvedObject.name)
        let key = event.metadata.uid.isEmpty ? Store.key(event.metadata) : event.metadata.uid
        // The pod's list is changed where it is kept (`events.update`): taken out and put
        // back, each event copied the whole list (up to 64 events) for one change.
        let cap = limits.eventsPerPod
        // What the rules read of the list changed: Events of these reasons (the one seen,
        // the one it replaces, those the cap drops).
        var changed = PodInputs.events(reason: event.reason)
        let rose = events.update(name) { list -> Bool in
            if let index = list.firstIndex(where: { $0.key == key }) {
                let before = (count: list[index].event.count, message: list[index].event.message)
                if list[index].event.reason != event.reason { changed.formUnion(.events(reason: list[index].event.reason)) }
                list[index].event = event
                list[index].lastReceived = time
                return event.count > before.count || event.message != before.message
            }
            list.append(EventRecord(key: key, event: event, firstReceived: time, lastReceived: time))
            if list.count > cap {
                for dropped in list[..<(list.count - cap)] { changed.formUnion(.events(reason: dropped.event.reason)) }
                list.removeFirst(list.count - cap)
            }
            return true
        }
        if rose == nil { events[name] = Array([EventRecord(key: key, event: event, firstReceived: time, lastReceived: time)].suffix(cap)) }
        guard rose ?? true else {
            // Seen again with nothing new for the timeline: its times changed all the same.
            changedUntouched(name, changed)
            return
        }
        appendToLivePod(name, [.event(reason: event.reason, message: event.message, count: event.count, source: event.source)], at: time,
                        also: changed)
    }
}

extension Store {
    /// The events about one pod instance. Events name their pod by name and are kept
    /// by name (they can arrive before the pod), so when a name has had several
    /// instances (a StatefulSet pod recreated), each takes those received between the
    /// previous instance's removal and the next one's first sight: a new `db-0` does not
    /// inherit the probe failures or NEG gate events of the one it replaced.
    public func events(of record: PodRecord) -> [EventRecord] {
        let all = events[record.podName] ?? []
        guard let serials = instances[record.podName], serials.count > 1, let index = serials.firstIndex(of: record.serial) else { return all }
        let after = index > 0 ? self.record(serial: serials[index - 1])?.removedAt : nil
        let before = index + 1 < serials.count ? self.record(serial: serials[index + 1])?.firstSeen : nil
        return all.filter { event in
            (after.map { event.firstReceived >= $0 } ?? true) && (before.map { event.firstReceived < $0 } ?? true)
        }
    }
}
