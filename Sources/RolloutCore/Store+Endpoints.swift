import KubeModel

/// What one EndpointSlice (or v1 Endpoints) says about pods of one Service.
struct SliceContribution: Sendable, Equatable {
    var service: String
    var namespace: String
    var members: [PodName: EndpointMembership]
}

extension Store {
    mutating func upsertSlice(_ slice: EndpointSlice, key: String? = nil, at time: Timestamp) {
        let key = key ?? Store.key(slice.metadata)
        guard let service = slice.serviceName else { return }
        var members: [PodName: EndpointMembership] = [:]
        members.reserveCapacity(slice.endpoints.count)
        for endpoint in slice.endpoints {
            guard let target = endpoint.targetRef, target.kind == "Pod" || target.kind.isEmpty else { continue }
            let name = PodName(namespace: target.namespace.isEmpty ? slice.metadata.namespace : target.namespace, name: target.name)
            let membership = EndpointMembership(ready: endpoint.ready, serving: endpoint.serving, terminating: endpoint.terminating)
            // One lookup for a pod named once, as nearly all are; a second merges a repeat.
            if let earlier = members.updateValue(membership, forKey: name) { members[name] = earlier.merged(with: membership) }
        }
        let previous = slices[key]
        let contribution = SliceContribution(service: service, namespace: slice.metadata.namespace, members: members)
        slices[key] = contribution
        // A slice rewritten by the controller mostly repeats itself: only pods whose
        // word changed (or that joined or left it) need merging again.
        var affected: Set<PodName> = []
        for (name, membership) in members where previous?.service != service || previous?.members[name] != membership {
            affected.insert(name)
            slicesByPod[name, default: []].insert(key)
        }
        for name in previous?.members.keys ?? [:].keys where previous?.service != service || members[name] == nil {
            affected.insert(name)
            if members[name] == nil { forget(slice: key, of: name) }
        }
        recomputeMembership(for: affected, services: Set([service, previous?.service].compactMap { $0 }), at: time)
    }

    mutating func removeSlice(key: String, at time: Timestamp) {
        guard let previous = slices.removeValue(forKey: key) else { return }
        for name in previous.members.keys { forget(slice: key, of: name) }
        recomputeMembership(for: Set(previous.members.keys), services: [previous.service], at: time)
    }

    private mutating func forget(slice key: String, of name: PodName) {
        slicesByPod[name]?.remove(key)
        if slicesByPod[name]?.isEmpty == true { slicesByPod[name] = nil }
    }

    /// Merges every slice's word on each affected pod and Service, and records what changed.
    private mutating func recomputeMembership(for names: Set<PodName>, services: Set<String>, at time: Timestamp) {
        for name in names.sorted() {
            for service in services.sorted() {
                var merged: EndpointMembership?
                for key in slicesByPod[name]?.sorted() ?? [] {
                    guard let contribution = slices[key], contribution.service == service,
                          contribution.namespace == name.namespace, let membership = contribution.members[name] else { continue }
                    merged = merged.map { $0.merged(with: membership) } ?? membership
                }
                let before = endpoints.withValue(forKey: name) { $0[service] } ?? nil
                guard before != merged else { continue }
                let serviceKey = ServiceKey(namespace: name.namespace, name: service)
                changedServices.insert(serviceKey)
                if (before?.ready ?? false) != (merged?.ready ?? false) {
                    // Appended where it is kept (one lookup): a copy taken out and put back copied the history.
                    Self.appendReadyStep(merged?.ready == true ? 1 : -1, at: time, to: &serviceReadyCounts[serviceKey, default: []])
                }
                // Changed where it is kept: the subscript's take and put hashed the name three times and boxed anew.
                switch endpoints.update(name, { services -> Bool in
                    services[service] = merged
                    return services.isEmpty
                }) {
                case nil: if let merged { endpoints[name] = [service: merged] }
                case true?: endpoints[name] = nil
                case false?: break
                }
                appendToLivePod(name, [.endpoint(service: service, membership: merged)], at: time)
            }
        }
    }

    /// A Service's count of ready pods moved by `step`; the last 64 counts are kept.
    private static func appendReadyStep(_ step: Int, at time: Timestamp, to counts: inout [ReadyCount]) {
        counts.append(ReadyCount(time: time, count: (counts.last?.count ?? 0) + step))
        if counts.count > 64 { counts.removeFirst(counts.count - 64) }
    }
}
