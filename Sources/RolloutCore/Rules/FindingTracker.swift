import KubeModel

/// Turns observations of subjects (pods, Services) into findings on the receive
/// timeline: a condition becomes a *candidate* when first observed and opens a
/// finding once it has held for its threshold, with the finding's start at the
/// moment it began; it closes when its subject no longer shows it; a condition
/// that returns within the flap window reopens its last finding.
///
/// The rules are not its business (`RuleEngine` asks them), so it can be driven
/// with observations alone. Its cost follows what changes: due thresholds wait in
/// a heap, and `index` is kept up to date as findings change.
struct FindingTracker: Sendable {
    let flapWindow: Double
    private(set) var findings: [Finding] = []
    private(set) var index = FindingIndex()

    /// Every condition seen so far (`Observation.key`), numbered in the order first seen;
    /// the tables below are indexed by that number. A subject's next observation of a
    /// condition it holds is matched against the held keys in place (`Observation.hasKey`),
    /// so a key (~100 bytes) is made and hashed only for a condition its subject did not
    /// hold: making and hashing it in each table on every update was most of `reconcile`.
    private var conditionNumbers: [ConditionKey: Int] = [:]
    private var conditionKeys: [String] = []
    /// The finding index of each open condition, by condition number.
    private var openFindings: [Int?] = []
    /// The last finding of each condition, for flap merging.
    private var lastFinding: [Int?] = []
    /// Conditions observed but not yet past their threshold, by condition number.
    private var candidates: [Int: Candidate] = [:]
    /// Every candidate's due time; entries of candidates gone or re-timed are stale.
    private var due = DueQueue()
    private var nextStamp = 0
    /// Which conditions each subject currently has, with their rules, to notice when one stops.
    private var heldBySubject: [FindingSubject: [HeldCondition]] = [:]
    /// Findings made from an observation whose evidence was out of time order, and not
    /// refreshed since: a refresh sorts it, so one of these whose rule was not asked
    /// is sorted as asking it again would have (see `reconcile`).
    private var unsortedFindings: Set<Int> = []

    /// A condition's key with its hash worked out once: the table of keys grows to one a
    /// finding (20,000 on a findings-heavy capture), and a String key (~100 bytes) was
    /// hashed for its lookup and again, for every key in it, each time the table grew.
    private struct ConditionKey: Hashable, Sendable {
        let text: String
        let hashOfText: Int

        init(_ text: String) {
            self.text = text
            hashOfText = text.hashValue
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(hashOfText)
        }

        static func == (lhs: ConditionKey, rhs: ConditionKey) -> Bool {
            lhs.hashOfText == rhs.hashOfText && lhs.text == rhs.text
        }
    }

    private struct HeldCondition: Sendable {
        var rule: RuleID
        var number: Int
    }

    private struct Candidate: Sendable {
        var since: Timestamp
        var observation: Observation
        /// Matches the one live `DueQueue` entry of this candidate.
        var stamp: Int

        var dueTime: Timestamp { since.adding(seconds: observation.threshold) }
    }

    init(flapWindow: Double) {
        self.flapWindow = flapWindow
    }

    /// The earliest time a candidate will become a finding: the heap's top, which
    /// every change leaves live (stale entries above the first live one are popped).
    var nextThreshold: Timestamp? { due.first?.due }

    /// Takes what a subject shows now: new conditions become candidates, known ones
    /// are refreshed, and the subject's conditions of the rules `asked` that are missing
    /// from `observations` end. Those of rules not asked stay as they are: the engine
    /// does not ask a rule whose inputs did not change, which would say the same again.
    mutating func reconcile(subject: FindingSubject, _ observations: [Observation], now: Timestamp, asked: RuleIDSet = .all) {
        // Found once and written back in place: hashing the subject again was a tenth of this.
        let slot = heldBySubject.index(forKey: subject)
        // Most updates of most pods: nothing observed now, nothing before. One lookup.
        if observations.isEmpty, slot == nil { return }
        let held = slot.map { heldBySubject.values[$0] }
        if asked.isEmpty, observations.isEmpty, let held {
            // No rule asked (an Event no rule reads): every condition stays as it is.
            for old in held { sortIfRefreshed(old.number) }
            return
        }
        // A few conditions a subject: an array searched beats a set hashed.
        var current: [HeldCondition] = []
        current.reserveCapacity(observations.count + (held?.count ?? 0))
        // Whether a candidate's heap entry went stale (the top may be one of them).
        var leftStale = false
        for observation in observations {
            let number = held.flatMap { condition(of: observation, among: $0) } ?? condition(ofKey: observation.key)
            guard !current.contains(where: { $0.number == number }) else { continue }
            current.append(HeldCondition(rule: observation.rule, number: number))
            if let window = observation.window {
                upsertWindow(observation, condition: number, window: window)
            } else if let index = openFindings[number] {
                refresh(index, with: observation)
            } else if let candidate = candidates[number] {
                if observation.threshold == candidate.observation.threshold {
                    candidates[number]?.observation = observation
                } else {
                    schedule(Candidate(since: candidate.since, observation: observation, stamp: 0), condition: number)
                    leftStale = true
                }
            } else {
                schedule(Candidate(since: now, observation: observation, stamp: 0), condition: number)
            }
        }
        let observed = current.count
        for old in held ?? [] {
            guard asked.contains(old.rule) else {
                current.append(old)
                sortIfRefreshed(old.number)
                continue
            }
            let number = old.number
            guard !current[..<observed].contains(where: { $0.number == number }) else { continue }
            if candidates.removeValue(forKey: number) != nil { leftStale = true }
            if let index = openFindings[number] {
                openFindings[number] = nil
                change(index) { $0.end = now }
                if !unsortedFindings.isEmpty { unsortedFindings.remove(index) }
            }
        }
        // Nothing above adds or removes subjects, so `slot` still points at this one.
        if let slot {
            if current.isEmpty { heldBySubject.remove(at: slot) } else { heldBySubject.values[slot] = current }
        } else if !current.isEmpty {
            heldBySubject[subject] = current
        }
        if leftStale { dropStaleTop() }
    }

    /// The rules whose conditions `subject` holds: those that observed something of it
    /// when last asked.
    func rulesHeld(by subject: FindingSubject) -> RuleIDSet {
        var rules = RuleIDSet()
        for held in heldBySubject[subject] ?? [] { rules.insert(held.rule) }
        return rules
    }

    /// The number of the held condition `observation` is of, if it is one of `held`.
    private func condition(of observation: Observation, among held: [HeldCondition]) -> Int? {
        held.first { $0.rule == observation.rule && observation.hasKey(conditionKeys[$0.number]) }?.number
    }

    /// The number of the condition with this key, numbering it if it is new.
    private mutating func condition(ofKey key: String) -> Int {
        let hashed = ConditionKey(key)
        if let number = conditionNumbers[hashed] { return number }
        let number = conditionKeys.count
        conditionNumbers[hashed] = number
        conditionKeys.append(key)
        openFindings.append(nil)
        lastFinding.append(nil)
        return number
    }

    /// What asking again the rule of a held condition would do to its finding when the
    /// rule says the same: its refresh adds nothing and changes nothing, except that it
    /// sorts evidence made out of time order. Sorted here, so not asking it changes nothing.
    private mutating func sortIfRefreshed(_ condition: Int) {
        guard !unsortedFindings.isEmpty else { return }
        // An open condition, or a window (held, yet neither candidate nor open).
        guard let index = openFindings[condition] ?? (candidates[condition] == nil ? lastFinding[condition] : nil),
              unsortedFindings.remove(index) != nil
        else { return }
        change(index) { $0.evidence.sort { $0.at < $1.at } }
    }

    /// Opens every candidate whose threshold has passed by `now`. Those falling due
    /// together open in key order, as they always have: the heap gives what is due,
    /// and only that is sorted.
    mutating func advance(to now: Timestamp) {
        // The top is live, so when it is not due nothing is: the common case costs one comparison.
        guard let first = due.first, first.due <= now else { return }
        var dueNow: [(condition: Int, candidate: Candidate)] = []
        while let entry = due.first, entry.due <= now {
            due.popFirst()
            if let candidate = candidates[entry.condition], candidate.stamp == entry.stamp {
                dueNow.append((entry.condition, candidate))
            }
        }
        dropStaleTop()
        guard !dueNow.isEmpty else { return }
        if dueNow.count > 1 { dueNow.sort { conditionKeys[$0.condition] < conditionKeys[$1.condition] } }
        for (condition, candidate) in dueNow {
            candidates[condition] = nil
            open(candidate.observation, condition: condition, since: candidate.since)
        }
    }

    /// Makes `candidate` the one of its condition, due at its threshold.
    private mutating func schedule(_ candidate: Candidate, condition: Int) {
        var candidate = candidate
        nextStamp += 1
        candidate.stamp = nextStamp
        candidates[condition] = candidate
        due.push(DueQueue.Entry(due: candidate.dueTime, condition: condition, stamp: candidate.stamp))
    }

    private func isLive(_ entry: DueQueue.Entry) -> Bool {
        candidates[entry.condition]?.stamp == entry.stamp
    }

    /// Keeps the top live (so `nextThreshold` reads it as is, and `advance` knows from
    /// it alone whether anything is due) and, when stale entries outnumber live ones,
    /// sweeps them out. Called after whatever can leave entries stale.
    private mutating func dropStaleTop() {
        while let first = due.first, !isLive(first) { due.popFirst() }
        if due.count > 64, due.count > 2 * candidates.count {
            due.compact(keeping: isLive)
        }
    }

    private mutating func open(_ observation: Observation, condition: Int, since: Timestamp) {
        if let index = lastFinding[condition], let end = findings[index].end, since.seconds(since: end) <= flapWindow {
            // The same condition again soon after it ended: one flapping finding, not many.
            change(index) { $0.end = nil }
            refresh(index, with: observation)
            openFindings[condition] = index
            return
        }
        append(Finding(observation, start: since, end: nil), condition: condition)
        openFindings[condition] = findings.count - 1
    }

    /// Keeps the start, takes the newest summary and severity, and adds new evidence.
    /// Changed in place and told to the index only when something changed: most
    /// refreshes change nothing, and copying the finding to compare it whole after
    /// (as `change` does) was half of a refresh.
    private mutating func refresh(_ position: Int, with observation: Observation) {
        let before = (severity: findings[position].severity, isOpen: findings[position].end == nil)
        if Self.refresh(&findings[position], with: observation) {
            index.changed(position, from: before, to: (findings[position].severity, before.isOpen))
        }
        if !unsortedFindings.isEmpty { unsortedFindings.remove(position) }
    }

    /// The refresh itself; whether it changed the finding.
    private static func refresh(_ finding: inout Finding, with observation: Observation) -> Bool {
        var changed = false
        let severity = max(finding.severity, observation.severity)
        if severity != finding.severity {
            finding.severity = severity
            changed = true
        }
        if finding.summary != observation.summary {
            finding.summary = observation.summary
            changed = true
        }
        // Most refreshes bring evidence the finding holds already (a pod's 64 events
        // again on each update): looked up by time in the sorted evidence, not compared
        // with every line, and the array left as it is (shared with the observation's
        // earlier one) when nothing is new. The same lines in the same order as appending
        // what `contains` misses and sorting.
        let held = finding.evidence.count
        let sorted = finding.evidence.isSortedByTime
        for item in observation.evidence {
            let known = sorted ? finding.evidence.holdsSorted(item, below: held) : finding.evidence[..<held].contains(item)
            if !known, !finding.evidence[held...].contains(item) { finding.evidence.append(item) }
        }
        if finding.evidence.count > held {
            finding.evidence.sort { $0.at < $1.at }
            changed = true
        } else if !sorted {
            let unsorted = finding.evidence
            finding.evidence.sort { $0.at < $1.at }
            if finding.evidence != unsorted { changed = true }
        }
        return changed
    }

    private mutating func upsertWindow(_ observation: Observation, condition: Int, window: (start: Timestamp, end: Timestamp)) {
        if let index = lastFinding[condition] {
            // Most refreshes of a window leave it as it was: compared here, where `change`
            // would copy the finding (its evidence too) to compare it whole.
            let start = min(findings[index].start, window.start)
            let end = max(findings[index].end ?? window.end, window.end)
            if start != findings[index].start || end != findings[index].end {
                change(index) { finding in
                    finding.start = start
                    finding.end = end
                }
            }
            refresh(index, with: observation)
        } else {
            append(Finding(observation, start: window.start, end: window.end), condition: condition)
        }
    }

    private mutating func append(_ finding: Finding, condition: Int) {
        if !finding.evidence.isSortedByTime { unsortedFindings.insert(findings.count) }
        findings.append(finding)
        lastFinding[condition] = findings.count - 1
        index.appended(finding, at: findings.count - 1)
    }

    /// Every change to a finding goes through here, so the index sees it; one that
    /// changes nothing (the same observation again) is no change at all.
    private mutating func change(_ position: Int, _ body: (inout Finding) -> Void) {
        let before = findings[position]
        body(&findings[position])
        if findings[position] != before {
            index.changed(position, from: (before.severity, before.end == nil), to: (findings[position].severity, findings[position].end == nil))
        }
    }
}

extension Finding {
    init(_ observation: Observation, start: Timestamp, end: Timestamp?) {
        self.init(rule: observation.rule, severity: observation.severity, namespace: observation.namespace,
                  pod: observation.pod, podUID: observation.podUID, containers: observation.containers, service: observation.service,
                  start: start, end: end, summary: observation.summary, evidence: observation.evidence,
                  remedy: observation.remedy)
    }
}
