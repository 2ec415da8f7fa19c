import KubeModel
import Testing
@testable import RolloutCore

/// The tracker times observations into findings. These pin what it did when it
/// sorted every candidate on every input (kept below as `ReferenceTracker`), now
/// that due thresholds wait in a heap and the findings are indexed as they change.
@Suite struct FindingTrackerTests {
    static let base = Timestamp(rfc3339: "2024-05-01T15:23:00Z")!

    static func at(_ seconds: Double) -> Timestamp { base.adding(seconds: seconds) }

    /// An observation of Service `name` (its key), optionally of a pod instance.
    static func observation(_ name: String, threshold: Double = 1, severity: Severity = .warning, pod: String? = nil,
                            summary: String = "holds", evidence: [Evidence] = [],
                            window: (start: Timestamp, end: Timestamp)? = nil) -> Observation {
        var observation = Observation(rule: .noReadyEndpoints, severity: severity, service: ServiceKey(namespace: "shop", name: name),
                                      summary: summary, evidence: evidence, remedy: "fix it", threshold: threshold)
        if let pod {
            observation.pod = pod
            observation.podUID = "uid-" + pod
        }
        observation.window = window
        return observation
    }

    /// What `RuleEngine.update` does with one subject's observations at `seconds`.
    static func show(_ tracker: inout FindingTracker, _ subject: String, _ observations: [Observation], at seconds: Double) {
        tracker.reconcile(subject: .named(subject), observations, now: at(seconds))
        tracker.advance(to: at(seconds))
    }

    /// The key names the rule, the pod instance, the Service and the containers, in
    /// that order, so no two conditions share one.
    @Test func anObservationsKeyJoinsItsParts() {
        var observation = Self.observation("web", pod: "web-1")
        #expect(observation.key == "no-ready-endpoints|shop|web-1|uid-web-1|web")
        observation.containers = ["app", "istio-proxy"]
        #expect(observation.key == "no-ready-endpoints|shop|web-1|uid-web-1|web|app,istio-proxy")
        observation.containers = ["ä"]
        observation.service = nil
        #expect(observation.key == "no-ready-endpoints|shop|web-1|uid-web-1||ä")
    }

    /// `hasKey` reads a key against the observation without making its own: it must
    /// say yes to exactly the observation's key, and no to every key one part off.
    @Test func anObservationHasExactlyItsOwnKey() {
        var observations: [Observation] = [Self.observation("web"), Self.observation("web", pod: "web-1")]
        var withContainers = Self.observation("web", pod: "web-1")
        withContainers.containers = ["app", "istio-proxy"]
        observations.append(withContainers)
        var unicode = withContainers
        unicode.containers = ["ä"]
        unicode.service = nil
        observations.append(unicode)
        for observation in observations {
            #expect(observation.hasKey(observation.key))
            for wrong in [observation.key + "x", String(observation.key.dropLast()), observation.key + ",app", "",
                          String(observation.key.map { $0 == "s" ? "z" : $0 })] {
                #expect(!observation.hasKey(wrong), "\(observation.key) against \(wrong)")
            }
        }
        // A container whose name holds the comma makes the key of two containers: the
        // same condition, as the key says.
        var joined = withContainers
        joined.containers = ["app,istio-proxy"]
        #expect(joined.key == withContainers.key, "the keys collide as strings")
        #expect(joined.hasKey(withContainers.key))
    }

    @Test func thresholdsFallDueInTheirOrder() {
        var tracker = FindingTracker(flapWindow: 10)
        Self.show(&tracker, "a", [Self.observation("slow", threshold: 2), Self.observation("quick", threshold: 1)], at: 0)
        #expect(tracker.nextThreshold == Self.at(1))
        tracker.advance(to: Self.at(1.5))
        #expect(tracker.findings.map(\.service) == ["quick"])
        #expect(tracker.nextThreshold == Self.at(2))
        tracker.advance(to: Self.at(2))
        #expect(tracker.findings.map(\.service) == ["quick", "slow"])
        #expect(tracker.findings.map(\.start) == [Self.at(0), Self.at(0)])
        #expect(tracker.nextThreshold == nil)
    }

    /// Candidates that fall due by the same `advance` open in key order, even when
    /// one fell due earlier than another: the order the engine has always had.
    @Test func whatFallsDueTogetherOpensInKeyOrder() {
        var tracker = FindingTracker(flapWindow: 10)
        Self.show(&tracker, "a", [Self.observation("c", threshold: 1), Self.observation("b", threshold: 3)], at: 0)
        Self.show(&tracker, "b", [Self.observation("a", threshold: 2)], at: 0)
        tracker.advance(to: Self.at(5))
        #expect(tracker.findings.map(\.service) == ["a", "b", "c"])
    }

    @Test func aCandidateThatGoesAwayBeforeItIsDueNeverOpens() {
        var tracker = FindingTracker(flapWindow: 10)
        Self.show(&tracker, "a", [Self.observation("gone", threshold: 1)], at: 0)
        Self.show(&tracker, "b", [Self.observation("stays", threshold: 3)], at: 0)
        Self.show(&tracker, "a", [], at: 0.5)
        #expect(tracker.nextThreshold == Self.at(3))
        tracker.advance(to: Self.at(10))
        #expect(tracker.findings.map(\.service) == ["stays"])
        // Back again: timed from its return, not from its first sighting.
        Self.show(&tracker, "a", [Self.observation("gone", threshold: 1)], at: 11)
        #expect(tracker.nextThreshold == Self.at(12))
    }

    @Test func aCandidateWhoseThresholdChangesIsDueAtTheNewOne() {
        var tracker = FindingTracker(flapWindow: 10)
        Self.show(&tracker, "a", [Self.observation("x", threshold: 30)], at: 0)
        Self.show(&tracker, "a", [Self.observation("x", threshold: 1)], at: 0.5)
        #expect(tracker.nextThreshold == Self.at(1))
        tracker.advance(to: Self.at(1))
        #expect(tracker.findings.map(\.start) == [Self.at(0)])
    }

    @Test func aFlapWithinTheWindowExtendsOneFinding() {
        var tracker = FindingTracker(flapWindow: 10)
        Self.show(&tracker, "a", [Self.observation("x")], at: 0)
        tracker.advance(to: Self.at(1))
        Self.show(&tracker, "a", [], at: 4)
        Self.show(&tracker, "a", [Self.observation("x")], at: 8)
        tracker.advance(to: Self.at(9))
        #expect(tracker.findings.count == 1)
        #expect(tracker.findings[0].start == Self.at(0))
        #expect(tracker.findings[0].end == nil)
        // Gone longer than the window: a finding of its own.
        Self.show(&tracker, "a", [], at: 20)
        Self.show(&tracker, "a", [Self.observation("x")], at: 40)
        tracker.advance(to: Self.at(41))
        #expect(tracker.findings.map(\.start) == [Self.at(0), Self.at(40)])
        #expect(tracker.findings.map(\.end) == [Self.at(20), nil])
    }

    @Test func theIndexCountsOpenFindingsAndKnowsEachPods() {
        var tracker = FindingTracker(flapWindow: 10)
        Self.show(&tracker, "p", [Self.observation("x", threshold: 0, severity: .critical, pod: "p"),
                                  Self.observation("y", threshold: 0, pod: "p")], at: 0)
        Self.show(&tracker, "q", [Self.observation("z", threshold: 0, pod: "q")], at: 0)
        #expect(tracker.index.openCount(.critical) == 1)
        #expect(tracker.index.openCount(.warning) == 2)
        #expect(tracker.index.findings(ofPod: "uid-p") == [0, 1])
        #expect(tracker.index.findings(ofPod: "uid-q") == [2])
        Self.show(&tracker, "p", [Self.observation("y", threshold: 0, pod: "p")], at: 1)
        #expect(tracker.index.openCount(.critical) == 0)
        #expect(tracker.index.openCount(.warning) == 2)
        // The same observation again changes nothing, so a view has nothing to redo.
        let generation = tracker.index.generation
        Self.show(&tracker, "p", [Self.observation("y", threshold: 0, pod: "p")], at: 2)
        #expect(tracker.index.generation == generation)
    }

    /// A view asks what changed since the state it last saw; a copy that went its own
    /// way (a replay seeking from a keyframe) answers nil, even at the same generation.
    @Test func changesAreToldOnlyToADescendant() throws {
        var tracker = FindingTracker(flapWindow: 10)
        Self.show(&tracker, "a", [Self.observation("x", threshold: 0)], at: 0)
        let seen = (generation: tracker.index.generation, stamp: tracker.index.stamp)
        var fork = tracker
        Self.show(&tracker, "b", [Self.observation("y", threshold: 0)], at: 1)
        Self.show(&fork, "c", [Self.observation("z", threshold: 0)], at: 1)
        #expect(tracker.index.generation == fork.index.generation)
        #expect(try #require(tracker.index.changes(since: seen.generation, stamp: seen.stamp)) == [1])
        #expect(fork.index.changes(since: tracker.index.generation, stamp: tracker.index.stamp) == nil)
        #expect(tracker.index.changes(since: 0, stamp: 99) == nil)
    }

    /// Random sequences of observations, windows, flaps and clock steps, against the
    /// old algorithm: the same findings after every step, and `nextThreshold` the
    /// earliest candidate's due time.
    @Test(arguments: 1...40) func agreesWithTheReferenceOnRandomSequences(seed: UInt64) {
        var random = SplitMix(seed: seed)
        var tracker = FindingTracker(flapWindow: 10)
        var reference = ReferenceTracker(flapWindow: 10)
        var clock = 0.0
        let thresholds = [0, 0.5, 1, 1, 2, 30]
        for step in 0..<400 {
            clock += [0, 0, 0.25, 0.5, 1, 3, 12][random.below(7)]
            let now = Self.at(clock)
            if random.below(5) == 0 {
                tracker.advance(to: now)
                reference.advance(to: now)
            } else {
                let subject = "s\(random.below(6))"
                var observations: [Observation] = []
                for _ in 0..<random.below(4) {
                    let name = "k\(random.below(12))"
                    guard !observations.contains(where: { $0.service == name }) else { continue }
                    let window = random.below(8) == 0 ? (start: Self.at(clock - 2), end: Self.at(clock - Double(random.below(2)))) : nil
                    observations.append(Self.observation(
                        name, threshold: thresholds[random.below(thresholds.count)],
                        severity: Severity.allCases[random.below(3)], pod: random.below(2) == 0 ? "p\(random.below(4))" : nil,
                        summary: "summary \(random.below(3))", evidence: [Evidence(at: Self.at(clock - Double(random.below(3))), what: "e\(random.below(3))")],
                        window: window))
                }
                tracker.reconcile(subject: .named(subject), observations, now: now)
                reference.reconcile(subject: subject, observations, now: now)
                tracker.advance(to: now)
                reference.advance(to: now)
            }
            #expect(tracker.findings == reference.findings, "seed \(seed), step \(step)")
            #expect(tracker.nextThreshold == reference.nextThreshold, "seed \(seed), step \(step)")
            if tracker.findings != reference.findings { return }
        }
        // The index agrees with a count from scratch.
        for severity in Severity.allCases {
            #expect(tracker.index.openCount(severity) == reference.findings.filter { $0.end == nil && $0.severity == severity }.count)
        }
        for pod in 0..<4 {
            let uid = "uid-p\(pod)"
            #expect(tracker.index.findings(ofPod: uid) == reference.findings.indices.filter { reference.findings[$0].podUID == uid })
        }
    }
}

/// A small deterministic generator, so a failing seed fails again.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// The engine's timing as it was before the heap: every candidate sorted on every
/// `advance`, the minimum over all of them for `nextThreshold`. Kept as the
/// definition the tracker must agree with.
struct ReferenceTracker {
    let flapWindow: Double
    var findings: [Finding] = []
    private var candidates: [String: (since: Timestamp, observation: Observation)] = [:]
    private var openFindings: [String: Int] = [:]
    private var lastFinding: [String: Int] = [:]
    private var keysBySubject: [String: Set<String>] = [:]

    init(flapWindow: Double) {
        self.flapWindow = flapWindow
    }

    mutating func advance(to now: Timestamp) {
        for (key, candidate) in candidates.sorted(by: { $0.key < $1.key })
        where candidate.since.adding(seconds: candidate.observation.threshold) <= now {
            candidates[key] = nil
            open(candidate.observation, key: key, since: candidate.since)
        }
    }

    var nextThreshold: Timestamp? {
        candidates.values.map { $0.since.adding(seconds: $0.observation.threshold) }.min()
    }

    mutating func reconcile(subject: String, _ observations: [Observation], now: Timestamp) {
        var current: Set<String> = []
        for observation in observations {
            let key = observation.key
            current.insert(key)
            if let window = observation.window {
                upsertWindow(observation, key: key, window: window)
            } else if let index = openFindings[key] {
                refresh(index, with: observation)
            } else if candidates[key] != nil {
                candidates[key]?.observation = observation
            } else {
                candidates[key] = (now, observation)
            }
        }
        for key in keysBySubject[subject, default: []].subtracting(current) {
            candidates[key] = nil
            if let index = openFindings.removeValue(forKey: key) {
                findings[index].end = now
            }
        }
        keysBySubject[subject] = current.isEmpty ? nil : current
    }

    private mutating func open(_ observation: Observation, key: String, since: Timestamp) {
        if let index = lastFinding[key], let end = findings[index].end, since.seconds(since: end) <= flapWindow {
            findings[index].end = nil
            refresh(index, with: observation)
            openFindings[key] = index
            return
        }
        findings.append(Finding(observation, start: since, end: nil))
        openFindings[key] = findings.count - 1
        lastFinding[key] = findings.count - 1
    }

    private mutating func refresh(_ index: Int, with observation: Observation) {
        findings[index].severity = max(findings[index].severity, observation.severity)
        findings[index].summary = observation.summary
        for item in observation.evidence where !findings[index].evidence.contains(item) {
            findings[index].evidence.append(item)
        }
        findings[index].evidence.sort { $0.at < $1.at }
    }

    private mutating func upsertWindow(_ observation: Observation, key: String, window: (start: Timestamp, end: Timestamp)) {
        if let index = lastFinding[key] {
            findings[index].start = min(findings[index].start, window.start)
            findings[index].end = max(findings[index].end ?? window.end, window.end)
            refresh(index, with: observation)
        } else {
            findings.append(Finding(observation, start: window.start, end: window.end))
            lastFinding[key] = findings.count - 1
        }
    }
}
