import KubeModel
import RolloutCore

/// Which pods the table shows and where: grouped by revision (new, old, none),
/// live before gone, in the store's display order, with the widths the columns
/// need and the pod to follow. A pass over every pod, so `PodGroupingCache` keeps
/// it between frames.
struct PodGrouping {
    struct Group {
        var revision: Revision
        /// Live pods first, the gone ones after them.
        var members: [Int]
        var running: Int
        var live: Int
    }

    private(set) var groups: [Group] = []
    /// Serials in table order.
    private(set) var serials: [Int] = []
    /// The uids of `serials`, in the same order: what a frame hands the key handler.
    private(set) var uids: [String] = []
    /// Each serial's position in `serials`, -1 when not shown. An array built per
    /// grouping (a dictionary's inserts cost more than the rest of a frame); 4 bytes a
    /// serial, so even a day's worth of serials is a quick fill.
    private var positions: [Int32] = []
    private(set) var longestName = 0
    private(set) var mostContainers = 0
    /// The pod with the worst open finding (most severe, then earliest), among those
    /// shown; of two equally bad, the upper one.
    private(set) var worstHazard: Int?

    /// Groups in table order: what is rolling out, what it replaces, the rest.
    static let order: [Revision] = [.new, .old, .unknown]

    init() {}

    /// `needle` is the filter, lowercased ("" keeps every pod), matched against `searchText`.
    init(store: Store, facts: [PodRowCache.RowFacts?], revisions: [Revision], needle: String, searchText: (Int) -> String,
         hazards: PodHazards, findings: [Finding]) {
        // By slot in `PodGrouping.order`: arrays, not dictionaries, as this runs per pod.
        let order = PodGrouping.order
        let slotOfKey = revisions.map { revision in order.firstIndex(of: revision)! }
        var live = [[Int]](repeating: [], count: order.count)
        var gone = [[Int]](repeating: [], count: order.count)
        var running = [Int](repeating: 0, count: order.count)
        for serial in store.displayOrder {
            guard let fact = facts[serial] else { continue }
            if !needle.isEmpty, !searchText(serial).lowercased().contains(needle) { continue }
            let slot = slotOfKey[Int(fact.revisionKey)]
            if fact.isGone {
                gone[slot].append(serial)
            } else {
                live[slot].append(serial)
                if fact.isRunning { running[slot] += 1 }
            }
            longestName = max(longestName, Int(fact.nameWidth))
            mostContainers = max(mostContainers, Int(fact.containers))
        }
        groups = order.indices.compactMap { slot in
            let members = live[slot] + gone[slot]
            guard !members.isEmpty else { return nil }
            return Group(revision: order[slot], members: members, running: running[slot], live: live[slot].count)
        }
        serials = groups.flatMap(\.members)
        uids = serials.map { store.uidsBySerial[$0] }
        positions = [Int32](repeating: -1, count: store.uidsBySerial.count)
        for (position, serial) in serials.enumerated() { positions[serial] = Int32(position) }
        worstHazard = PodGrouping.worst(in: serials, hazards: hazards, findings: findings)
    }

    func position(of serial: Int) -> Int? {
        serial < positions.count && positions[serial] >= 0 ? Int(positions[serial]) : nil
    }

    /// Rows plus a title line per group.
    var lineCount: Int { groups.reduce(0) { $0 + $1.members.count + 1 } }

    private static func worst(in serials: [Int], hazards: PodHazards, findings: [Finding]) -> Int? {
        var worst: (serial: Int, severity: Severity, start: Timestamp)?
        // In table order, so that of two equally bad hazards the upper one wins.
        for serial in serials {
            guard let index = hazards.open(serial) else { continue }
            let (severity, start) = (findings[index].severity, findings[index].start)
            if let current = worst, (severity, current.start) <= (current.severity, start) { continue }
            worst = (serial, severity, start)
        }
        return worst?.serial
    }
}

/// Keeps the last `PodGrouping` and makes a new one only when what it is made of
/// changed: the store (its history and generation), the filter, the glyphs, or
/// the findings (the pod to follow, and the hazards `/` matches).
final class PodGroupingCache {
    private struct Key: Equatable {
        var lineage: ObjectIdentifier
        var storeGeneration: Int
        var findingsGeneration: Int
        var findingsStamp: UInt64
        var filter: String
        var isASCII: Bool
    }

    private var key: Key?
    private(set) var grouping = PodGrouping()

    func grouping(state: RolloutState, facts: [PodRowCache.RowFacts?], revisions: [Revision], filter: String, isASCII: Bool,
                  hazards: PodHazards, searchText: (Int) -> String) -> PodGrouping {
        let store = state.store
        let key = Key(lineage: ObjectIdentifier(store.lineage), storeGeneration: store.generation,
                      findingsGeneration: state.findingIndex.generation, findingsStamp: state.findingIndex.stamp,
                      filter: filter, isASCII: isASCII)
        if key == self.key { return grouping }
        grouping = PodGrouping(store: store, facts: facts, revisions: revisions, needle: filter.lowercased(), searchText: searchText,
                               hazards: hazards, findings: state.findings)
        self.key = key
        return grouping
    }
}
