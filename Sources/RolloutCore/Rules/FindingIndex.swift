import Synchronization

/// Where change stamps come from: one counter for every engine and every copy of
/// one, so no two changes anywhere share a stamp.
private let changeStamps = Atomic<UInt64>(0)

/// What a view asks of the findings on every frame, kept up to date as findings
/// open, close and change, so a frame costs what changed rather than a pass over
/// every finding (a chart without readiness probes gives every pod one):
/// each pod instance's findings, the open ones counted by severity, and which
/// findings changed since a generation.
public struct FindingIndex: Sendable {
    /// Counts the changes to the findings (one opened, closed, reopened or refreshed);
    /// a view keys its caches on it.
    public private(set) var generation = 0
    /// Open findings per severity, indexed like `Severity.allCases`.
    private var openBySeverity = [Int](repeating: 0, count: Severity.allCases.count)
    /// Indices into the findings, in order, of each pod instance (by uid).
    private var byPod: [String: [Int]] = [:]
    /// Names the latest change, unlike any other change of any copy: two copies of
    /// one history that went separate ways (a replay seeking from a keyframe instead
    /// of the state on screen: the clock opens what falls due at other moments) can
    /// reach one `generation` with different findings, but never one stamp.
    public private(set) var stamp: UInt64 = 0
    /// The finding changed by each generation after `logBase`, oldest first, and the
    /// stamp that change got: `loggedFindings[i]` is what generation `logBase + i + 1`
    /// changed.
    private var loggedFindings: [Int] = []
    private var loggedStamps: [UInt64] = []
    private var logBase = 0
    private var logBaseStamp: UInt64 = 0

    /// How many generations back `changes(since:)` can answer; older asks rebuild.
    /// Bounded so a long session, and every replay keyframe's copy, stays small.
    static let logLimit = 2_048

    public init() {}

    public func openCount(_ severity: Severity) -> Int {
        openBySeverity[severity.rank]
    }

    /// The indices of a pod instance's findings, in the order they were first found.
    public func findings(ofPod uid: String) -> [Int] {
        byPod[uid] ?? []
    }

    /// The indices of findings changed since the state a view last saw, `generation`
    /// with `stamp` (repeats possible, oldest change first), or nil when this state
    /// does not descend from that one or the log no longer reaches back that far:
    /// the caller then starts over.
    public func changes(since generation: Int, stamp: UInt64) -> ArraySlice<Int>? {
        guard generation >= logBase, generation <= self.generation else { return nil }
        let offset = generation - logBase
        guard (offset == 0 ? logBaseStamp : loggedStamps[offset - 1]) == stamp else { return nil }
        return loggedFindings[offset...]
    }

    mutating func appended(_ finding: Finding, at index: Int) {
        if let uid = finding.podUID { byPod[uid, default: []].append(index) }
        if finding.end == nil { openBySeverity[finding.severity.rank] += 1 }
        record(index)
    }

    /// A finding changed; what the counts read of it before and after.
    mutating func changed(_ index: Int, from old: (severity: Severity, isOpen: Bool), to new: (severity: Severity, isOpen: Bool)) {
        if old.isOpen { openBySeverity[old.severity.rank] -= 1 }
        if new.isOpen { openBySeverity[new.severity.rank] += 1 }
        record(index)
    }

    private mutating func record(_ index: Int) {
        generation += 1
        stamp = changeStamps.add(1, ordering: .relaxed).newValue
        loggedFindings.append(index)
        loggedStamps.append(stamp)
        if loggedFindings.count >= 2 * FindingIndex.logLimit {
            let dropped = loggedFindings.count - FindingIndex.logLimit
            logBaseStamp = loggedStamps[dropped - 1]
            loggedFindings.removeFirst(dropped)
            loggedStamps.removeFirst(dropped)
            logBase += dropped
        }
    }
}

extension Severity {
    /// Position in `allCases`: info 0, warning 1, critical 2.
    var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .critical: return 2
        }
    }
}
