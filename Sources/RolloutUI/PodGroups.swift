import KubeModel
import RolloutCore

/// The pod table's rows kept between frames. During a rollout of 10,000 pods a
/// frame rebuilds only the rows of pods that changed since the last frame (the
/// store stamps each changed record with its generation), not every row.
final class PodRowCache {
    private var lineage: ObjectIdentifier?
    private var generation = -1
    private var isASCII: Bool?
    /// Rows by record serial.
    private(set) var rows: [PodRow?] = []
    /// What grouping needs of each row, by serial: plain values, so a pass over
    /// 10,000 of them copies no strings.
    private(set) var facts: [RowFacts?] = []

    struct RowFacts {
        var revisionKey: Int
        var isGone: Bool
        var isRunning: Bool
        var nameWidth: Int
        var containers: Int
    }
    /// Each distinct `Store.revisionKey(of:)`, numbered, with a pod that has it: the
    /// revision of 10,000 pods is then worked out once per key, not once per pod.
    private var revisionKeys: [RevisionKey: Int] = [:]
    private(set) var revisionSamples: [Int] = []

    /// Brings the rows up to the store. Another history (a different store), a store
    /// older than the last one seen (a replay seeking back) or other glyphs start over.
    func update(from store: Store, glyphs: Glyphs) {
        let lineage = ObjectIdentifier(store.lineage)
        if lineage != self.lineage || store.generation < generation || glyphs.isASCII != isASCII {
            rows = []
            facts = []
            generation = -1
            revisionKeys = [:]
            revisionSamples = []
            self.lineage = lineage
            isASCII = glyphs.isASCII
        }
        let missing = store.uidsBySerial.count - rows.count
        if missing > 0 {
            facts.append(contentsOf: repeatElement(nil, count: missing))
            rows.append(contentsOf: repeatElement(nil, count: missing))
        }
        let builder = PodRowBuilder(glyphs: glyphs)
        for (_, record) in store.pods where record.generation > generation || facts[record.serial] == nil {
            var row = builder.row(record, in: store)
            row.revisionKey = intern(store.revisionKey(of: record), sample: record.serial)
            facts[record.serial] = RowFacts(revisionKey: row.revisionKey, isGone: row.isGone, isRunning: row.phase == "Running",
                                            nameWidth: DisplayWidth.of(row.name), containers: row.containers.count)
            rows[record.serial] = row
        }
        generation = store.generation
    }

    private func intern(_ key: RevisionKey, sample serial: Int) -> Int {
        if let number = revisionKeys[key] { return number }
        revisionKeys[key] = revisionSamples.count
        revisionSamples.append(serial)
        return revisionSamples.count - 1
    }
}

/// The table's rows grouped by revision: new first (what is rolling out), then
/// old (what is being replaced), then pods of no watched workload. Groups hold
/// record serials; a whole row is made only for the lines drawn.
struct PodGroups {
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
    private let rows: [PodRow?]
    private let revisions: [Revision]
    private let findings: [Int: (open: Finding?, worst: Finding?)]
    private let now: Timestamp
    /// The widest name and the most containers of any row, for the column widths.
    private(set) var longestName = 0
    private(set) var mostContainers = 0

    init(state: RolloutState, cache: PodRowCache, glyphs: Glyphs, filter: String, now: Timestamp) {
        let store = state.store
        cache.update(from: store, glyphs: glyphs)
        rows = cache.rows
        revisions = cache.revisionSamples.map { store.record(serial: $0).map(store.revision(of:)) ?? .unknown }
        findings = PodGroups.findingsBySerial(state)
        self.now = now

        let needle = filter.lowercased()
        var live: [Revision: [Int]] = [:]
        var gone: [Revision: [Int]] = [:]
        var running: [Revision: Int] = [:]
        let facts = cache.facts
        for serial in store.displayOrder {
            guard let fact = facts[serial] else { continue }
            if !needle.isEmpty, !row(serial).searchText.lowercased().contains(needle) { continue }
            let revision = revisions[fact.revisionKey]
            if fact.isGone {
                gone[revision, default: []].append(serial)
            } else {
                live[revision, default: []].append(serial)
                if fact.isRunning { running[revision, default: 0] += 1 }
            }
            longestName = max(longestName, fact.nameWidth)
            mostContainers = max(mostContainers, fact.containers)
        }
        groups = [Revision.new, .old, .unknown].compactMap { revision in
            let liveMembers = live[revision] ?? []
            let members = liveMembers + (gone[revision] ?? [])
            guard !members.isEmpty else { return nil }
            return Group(revision: revision, members: members, running: running[revision] ?? 0, live: liveMembers.count)
        }
        serials = groups.flatMap(\.members)
    }

    /// The whole row of a pod: the cached part plus revision, hazards and age.
    func row(_ serial: Int) -> PodRow {
        var row = rows[serial]!
        row.revision = revisions[row.revisionKey]
        row.hazard = findings[serial]?.open
        row.worstFinding = findings[serial]?.worst
        row.ageSeconds = (row.removedAt ?? now).seconds(since: row.firstSeen)
        return row
    }

    /// Rows plus a title line per group.
    var lineCount: Int { groups.reduce(0) { $0 + $1.members.count + 1 } }
    var isEmpty: Bool { groups.isEmpty }

    /// The pod with the worst open finding (most severe, then earliest), among those shown.
    var worstHazard: Int? {
        guard findings.values.contains(where: { $0.open != nil }) else { return nil }
        var worst: (serial: Int, finding: Finding)?
        // In table order, so that of two equally bad hazards the upper one wins.
        for serial in serials {
            guard let open = findings[serial]?.open else { continue }
            if let current = worst?.finding, (open.severity, current.start) <= (current.severity, open.start) { continue }
            worst = (serial, open)
        }
        return worst?.serial
    }

    /// Each pod instance's worst open and worst finding; a finding belongs to the
    /// instance whose uid it carries.
    private static func findingsBySerial(_ state: RolloutState) -> [Int: (open: Finding?, worst: Finding?)] {
        var result: [Int: (open: Finding?, worst: Finding?)] = [:]
        func worse(_ a: Finding?, _ b: Finding) -> Finding {
            guard let a else { return b }
            return (a.severity, a.start) < (b.severity, b.start) ? b : a
        }
        for finding in state.findings {
            if let serial = finding.podUID.flatMap({ state.store.pods[$0]?.serial }) {
                var entry = result[serial] ?? (nil, nil)
                entry.worst = worse(entry.worst, finding)
                if finding.end == nil { entry.open = worse(entry.open, finding) }
                result[serial] = entry
            }
        }
        return result
    }
}
