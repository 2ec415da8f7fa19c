import KubeModel

/// A newer version of a pod keeps, of every part equal to the older version's, the
/// older one's storage. Equal values, so nothing a reader sees changes; but copies of
/// the store (a replay's keyframes) then share those parts with the store that plays on,
/// instead of each holding the whole previous decode of every pod that changed after it:
/// an update that moves a condition leaves the labels, annotations, spec and container
/// specs where they were.
extension Pod {
    func sharingUnchanged(with older: Pod) -> Pod {
        var pod = self
        pod.metadata.name.keep(older.metadata.name)
        pod.metadata.namespace.keep(older.metadata.namespace)
        pod.metadata.uid.keep(older.metadata.uid)
        pod.metadata.labels.keep(older.metadata.labels)
        pod.metadata.annotations.keep(older.metadata.annotations)
        pod.metadata.ownerReferences.keep(older.metadata.ownerReferences)
        pod.spec.keep(older.spec)
        pod.status.phase.keep(older.status.phase)
        pod.status.podIP.keep(older.status.podIP)
        if !pod.status.conditions.keep(older.status.conditions) {
            // Compared where they are kept: a condition copied out for each comparison retained its strings.
            for index in pod.status.conditions.indices {
                let condition = pod.status.conditions[index]
                if let same = older.status.conditions.firstIndex(where: { $0 == condition }) {
                    pod.status.conditions[index] = older.status.conditions[same]
                }
            }
        }
        return pod
    }
}

extension [ContainerRecord] {
    /// Each container compared once, part by part (the whole array compared first, then
    /// each record, then its spec and status, compared most of it three times): a record
    /// whose spec and status are kept is then equal or not at little cost, their storage
    /// being the same, and the older array itself is kept when every record was, in place.
    func sharingUnchanged(with older: [ContainerRecord]) -> [ContainerRecord] {
        var records = self
        var allKept = records.count == older.count
        for index in records.indices {
            guard let before = older.firstIndex(where: { $0.name == records[index].name }) else {
                allKept = false
                continue
            }
            let specKept = records[index].spec.keep(older[before].spec)
            let statusKept = records[index].status.keep(older[before].status)
            if specKept, statusKept, records[index].keep(older[before]) {
                allKept = allKept && before == index
            } else {
                allKept = false
            }
        }
        return allKept ? older : records
    }
}

extension Equatable {
    /// Takes `older` in place of this value when they are equal (its storage, shared).
    @discardableResult
    mutating func keep(_ older: Self) -> Bool {
        guard self == older else { return false }
        self = older
        return true
    }
}
