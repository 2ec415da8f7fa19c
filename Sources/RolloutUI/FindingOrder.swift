import KubeModel
import RolloutCore

/// The findings list's order (open ones first, most severe first, then earliest,
/// then first found), kept sorted between frames: a finding that changed moves to
/// its new place by binary search, so a frame does not sort every finding again.
struct FindingOrder {
    /// Finding indices in list order.
    private(set) var indices: [Int] = []
    /// The pod of each finding in list order (its uid, if the store has it), for ⏎.
    private(set) var pods: [String?] = []
    /// Where each finding was placed, by finding index: how it is found to be moved.
    private var placed: [Key?] = []

    /// A finding's place in the list; comparing keys is comparing places.
    struct Key: Equatable {
        var isOpen: Bool
        var severity: Severity
        var start: Timestamp
        var index: Int

        init(_ finding: Finding, index: Int) {
            isOpen = finding.end == nil
            severity = finding.severity
            start = finding.start
            self.index = index
        }

        func precedes(_ other: Key) -> Bool {
            if isOpen != other.isOpen { return isOpen }
            if severity != other.severity { return severity > other.severity }
            if start != other.start { return start < other.start }
            return index < other.index
        }
    }

    init() {}

    /// Every finding placed from scratch.
    init(findings: [Finding], store: Store) {
        placed = findings.indices.map { Key(findings[$0], index: $0) }
        indices = Array(findings.indices).sorted { placed[$0]!.precedes(placed[$1]!) }
        pods = indices.map { FindingOrder.pod(of: findings[$0], in: store) }
    }

    /// Moves finding `index` (new or changed) to where it now belongs.
    mutating func update(_ index: Int, findings: [Finding], store: Store) {
        if index >= placed.count { placed.append(contentsOf: repeatElement(nil, count: index + 1 - placed.count)) }
        let key = Key(findings[index], index: index)
        if let old = placed[index] {
            if old == key { return }
            let position = insertionPoint(of: old)
            indices.remove(at: position)
            pods.remove(at: position)
        }
        let position = insertionPoint(of: key)
        indices.insert(index, at: position)
        pods.insert(FindingOrder.pod(of: findings[index], in: store), at: position)
        placed[index] = key
    }

    /// The first position whose finding does not precede `key`.
    private func insertionPoint(of key: Key) -> Int {
        var low = 0
        var high = indices.count
        while low < high {
            let middle = (low + high) / 2
            if placed[indices[middle]]!.precedes(key) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The instance the finding is about, if the store has it. Records stay in the
    /// store once seen, so this is asked when a finding is placed, not every frame.
    private static func pod(of finding: Finding, in store: Store) -> String? {
        finding.podUID.flatMap { store.pods[$0] == nil ? nil : $0 }
    }
}
