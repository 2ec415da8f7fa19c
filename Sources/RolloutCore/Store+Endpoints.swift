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
        slices[key] = SliceContribution(service: service, namespace: slice.metadata.namespace, members: members)
        let affected = Set(members.keys).union(previous?.members.keys ?? [:].keys)
        recomputeMembership(for: affected, services: Set([service, previous?.service].compactMap { $0 }), at: time)
    }

    mutating func removeSlice(key: String, at time: Timestamp) {
        guard let previous = slices.removeValue(forKey: key) else { return }
        recomputeMembership(for: Set(previous.members.keys), services: [previous.service], at: time)
    }

    /// Merges every slice's word on each affected pod and Service, and records what changed.
    private mutating func recomputeMembership(for names: Set<PodName>, services: Set<String>, at time: Timestamp) {
        for name in names.sorted() {
            for service in services.sorted() {
                var merged: EndpointMembership?
                for contribution in slices.values where contribution.service == service && contribution.namespace == name.namespace {
                    if let membership = contribution.members[name] {
                        merged = merged.map { $0.merged(with: membership) } ?? membership
                    }
                }
                let before = endpoints[name]?[service]
                guard before != merged else { continue }
                let serviceKey = "\(name.namespace)/\(service)"
                changedServices.insert(serviceKey)
                if (before?.ready ?? false) != (merged?.ready ?? false) {
                    let previous = serviceReadyCounts[serviceKey]?.last?.count ?? 0
                    var history = serviceReadyCounts[serviceKey] ?? []
                    history.append(ReadyCount(time: time, count: previous + (merged?.ready == true ? 1 : -1)))
                    if history.count > 64 { history.removeFirst(history.count - 64) }
                    serviceReadyCounts[serviceKey] = history
                }
                endpoints[name, default: [:]][service] = merged
                if endpoints[name]?.isEmpty == true { endpoints[name] = nil }
                appendToLivePod(name, [.endpoint(service: service, membership: merged)], at: time)
            }
        }
    }
}
