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
        for endpoint in slice.endpoints {
            guard let target = endpoint.targetRef, target.kind == "Pod" || target.kind.isEmpty else { continue }
            let name = PodName(namespace: target.namespace.isEmpty ? slice.metadata.namespace : target.namespace, name: target.name)
            let membership = EndpointMembership(ready: endpoint.ready, serving: endpoint.serving, terminating: endpoint.terminating)
            members[name] = members[name].map { $0.merged(with: membership) } ?? membership
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
                let before = endpoints[name]?[service]
                guard before != merged else { continue }
                let serviceKey = ServiceKey(namespace: name.namespace, name: service)
                changedServices.insert(serviceKey)
                if (before?.ready ?? false) != (merged?.ready ?? false) {
                    // Appended where it is kept: a copy taken out and put back copied the history.
                    let step = merged?.ready == true ? 1 : -1
                    let previous = serviceReadyCounts[serviceKey]?.last?.count ?? 0
                    serviceReadyCounts[serviceKey, default: []].append(ReadyCount(time: time, count: previous + step))
                    if let excess = serviceReadyCounts[serviceKey].map({ $0.count - 64 }), excess > 0 {
                        serviceReadyCounts[serviceKey]!.removeFirst(excess)
                    }
                }
                endpoints[name, default: [:]][service] = merged
                if endpoints[name]?.isEmpty == true { endpoints[name] = nil }
                appendToLivePod(name, [.endpoint(service: service, membership: merged)], at: time)
            }
        }
    }
}
