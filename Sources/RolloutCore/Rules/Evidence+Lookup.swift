import KubeModel

extension [Evidence] {
    /// Whether the items are in time order (as `FindingTracker` leaves a finding's evidence
    /// once it has refreshed it; a new finding's is in the order its rule gave).
    var isSortedByTime: Bool {
        indices.dropFirst().allSatisfy { self[$0 - 1].at <= self[$0].at }
    }

    /// Whether `item` is among the first `count` items, which are in time order: only
    /// those at its time are compared.
    func holdsSorted(_ item: Evidence, below count: Int) -> Bool {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle].at < item.at { low = middle + 1 } else { high = middle }
        }
        while low < count, self[low].at == item.at {
            if self[low] == item { return true }
            low += 1
        }
        return false
    }
}
