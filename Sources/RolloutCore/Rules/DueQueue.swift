import KubeModel

/// Candidates' due times as a binary min-heap, so opening what is due costs what
/// is due (not a sort of every candidate per input) and the earliest due time is
/// the top. Entries are never removed from the middle: a candidate that went away
/// or changed its threshold leaves its entry behind, and the owner tells live
/// entries from stale ones by their `stamp` (lazy deletion).
struct DueQueue: Sendable {
    struct Entry: Sendable {
        var due: Timestamp
        /// The candidate's condition, by its number (see `FindingTracker`).
        var condition: Int
        /// Which version of the candidate this entry was pushed for.
        var stamp: Int

        /// Earliest first; the condition only makes the order total (the engine opens
        /// what falls due together in key order itself).
        func precedes(_ other: Entry) -> Bool {
            if due != other.due { return due < other.due }
            if condition != other.condition { return condition < other.condition }
            return stamp < other.stamp
        }
    }

    private var heap: [Entry] = []

    var count: Int { heap.count }
    var first: Entry? { heap.first }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        siftUp(heap.count - 1)
    }

    @discardableResult
    mutating func popFirst() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
        return first
    }

    /// Drops every entry `isLive` rejects and restores the heap in O(n): keeps the
    /// stale entries of candidates that came and went from piling up.
    mutating func compact(keeping isLive: (Entry) -> Bool) {
        heap.removeAll { !isLive($0) }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var least = left
            if left + 1 < heap.count, heap[left + 1].precedes(heap[left]) { least = left + 1 }
            guard heap[least].precedes(heap[parent]) else { return }
            heap.swapAt(least, parent)
            parent = least
        }
    }
}
