import KubeModel
import RolloutCore

/// The pod table's rows kept between frames. During a rollout of 10,000 pods a
/// frame rebuilds only the rows of pods that changed since the last frame (the
/// store stamps each changed record with its generation), not every row.
final class PodRowCache {
    private var lineage: ObjectIdentifier?
    private var generation = -1
    private var isASCII: Bool?
    /// Rows by record serial: a dictionary, so the serials of pods that left the store
    /// (a day of rollouts) cost nothing here, where an array kept a slot for each.
    private(set) var rows: [Int: PodRow] = [:]
    /// What grouping needs of each row, by serial: plain values, so a pass over
    /// 10,000 of them copies no strings. An array, as a frame reads every one (a
    /// dictionary's hashing tripled the frame of 12,000 pods); 12 bytes a slot, so
    /// the serials of a day's pods long gone cost a few MB, not their rows.
    private(set) var facts: [RowFacts?] = []

    struct RowFacts {
        var revisionKey: Int32
        var nameWidth: Int16
        var containers: Int16
        var isGone: Bool
        var isRunning: Bool
    }
    /// Each distinct `Store.revisionKey(of:)`, numbered, with a pod that has it: the
    /// revision of 10,000 pods is then worked out once per key, not once per pod.
    private var revisionKeys: [RevisionKey: Int] = [:]
    private(set) var revisionSamples: [Int] = []
    /// `Store.podsNotKept` when the rows were last brought up to the store.
    private var notKept = 0

    /// Brings the rows up to the store. Another history (a different store), a store
    /// older than the last one seen (a replay seeking back) or other glyphs start over.
    func update(from store: Store, glyphs: Glyphs) {
        let lineage = ObjectIdentifier(store.lineage)
        if lineage != self.lineage || store.generation < generation || glyphs.isASCII != isASCII || !forget(in: store) {
            rows = [:]
            facts = []
            generation = -1
            revisionKeys = [:]
            revisionSamples = []
            self.lineage = lineage
            isASCII = glyphs.isASCII
            notKept = store.podsNotKept
        }
        let missing = store.uidsBySerial.count - facts.count
        if missing > 0 { facts.append(contentsOf: repeatElement(nil, count: missing)) }
        let builder = PodRowBuilder(glyphs: glyphs)
        // Reading two fields of each record in place: a for-in over the table would copy
        // every one of 10,000 records (and retain all it holds) to look at them.
        let since = generation
        if since >= 0, let changed = store.serialsChanged(since: since) {
            // Only the records changed since the last frame: a day of rollouts keeps
            // thousands of gone pods that no frame needs to look at again.
            var seen = Set<Int>()
            for serial in changed where seen.insert(serial).inserted {
                guard let record = store.record(serial: serial) else { continue }
                take(record, in: store, builder: builder)
            }
        } else {
            store.pods.forEachValue { kept in
                guard kept.generation > since || facts[kept.serial] == nil else { return }
                take(copy kept, in: store, builder: builder)
            }
        }
        generation = store.generation
    }

    private func take(_ record: PodRecord, in store: Store, builder: PodRowBuilder) {
        var row = builder.row(record, in: store)
        row.revisionKey = intern(store.revisionKey(of: record), sample: record.serial)
        facts[record.serial] = RowFacts(revisionKey: Int32(row.revisionKey), nameWidth: Int16(clamping: DisplayWidth.of(row.name)),
                                        containers: Int16(clamping: row.containers.count), isGone: row.isGone,
                                        isRunning: row.phase == "Running")
        rows[record.serial] = row
    }

    /// Drops the rows of pods that left the store since the last update, so a day of
    /// rollouts keeps no rows of pods long gone. False when that cannot be done row by
    /// row (too far behind, or a revision's sample pod left): then start over.
    private func forget(in store: Store) -> Bool {
        let left = store.podsNotKept - notKept
        guard left > 0 else { return left == 0 }
        guard left <= store.recentlyForgotten.count else { return false }
        let serials = store.recentlyForgotten.suffix(left)
        if serials.contains(where: revisionSamples.contains) { return false }
        for serial in serials where serial < facts.count {
            rows[serial] = nil
            facts[serial] = nil
        }
        notKept = store.podsNotKept
        return true
    }

    /// The revision of each interned key, worked out from its sample pod.
    func revisions(in store: Store) -> [Revision] {
        revisionSamples.map { store.record(serial: $0).map(store.revision(of:)) ?? .unknown }
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
/// record serials; a whole row is made only for the lines drawn. Which pods go
/// where (`PodGrouping`) and each pod's hazards (`FindingsCache`) are kept between
/// frames, so a frame with nothing new costs the lines it draws.
struct PodGroups {
    typealias Group = PodGrouping.Group

    private let grouping: PodGrouping
    private let assembler: RowAssembler

    init(state: RolloutState, caches: ViewCaches, glyphs: Glyphs, filter: String, now: Timestamp) {
        let store = state.store
        caches.rows.update(from: store, glyphs: glyphs)
        caches.findings.update(from: state)
        let assembler = RowAssembler(rows: caches.rows.rows, revisions: caches.rows.revisions(in: store),
                                     hazards: caches.findings.hazards, findings: state.findings, now: now)
        self.assembler = assembler
        grouping = caches.grouping.grouping(state: state, facts: caches.rows.facts, revisions: assembler.revisions, filter: filter,
                                            isASCII: glyphs.isASCII, hazards: assembler.hazards) { assembler.row($0).searchText }
    }

    var groups: [Group] { grouping.groups }
    /// Serials in table order.
    var serials: [Int] { grouping.serials }
    /// The uids of `serials`, in the same order.
    var uids: [String] { grouping.uids }
    /// The widest name and the most containers of any row, for the column widths.
    var longestName: Int { grouping.longestName }
    var mostContainers: Int { grouping.mostContainers }

    /// Where a pod is in `serials`, if the table shows it.
    func position(of serial: Int) -> Int? { grouping.position(of: serial) }

    /// The whole row of a pod: the cached part plus revision, hazards and age.
    func row(_ serial: Int) -> PodRow { assembler.row(serial) }

    /// Rows plus a title line per group.
    var lineCount: Int { grouping.lineCount }
    var isEmpty: Bool { grouping.groups.isEmpty }

    /// The pod with the worst open finding (most severe, then earliest), among those shown.
    var worstHazard: Int? { grouping.worstHazard }
}

/// Puts a pod's whole row together for a frame: the cached part of `PodRowCache`
/// plus what depends on more than its record (revision, hazards, age).
struct RowAssembler {
    let rows: [Int: PodRow]
    let revisions: [Revision]
    let hazards: PodHazards
    let findings: [Finding]
    let now: Timestamp

    func row(_ serial: Int) -> PodRow {
        var row = rows[serial]!
        row.revision = revisions[row.revisionKey]
        row.hazard = hazards.open(serial).map { findings[$0] }
        row.worstFinding = hazards.worst(serial).map { findings[$0] }
        row.ageSeconds = (row.removedAt ?? now).seconds(since: row.firstSeen)
        return row
    }
}
