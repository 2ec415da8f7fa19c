import JSONLite
import KubeModel
import RolloutCore
import Testing
import TestSupport
@testable import RolloutUI

/// The view keeps each pod's hazards, the findings list's order and the grouping
/// between frames and brings them up to date by what changed. After every input of
/// random rollouts, and at random seeks of a replay of them, what it kept must equal
/// what a pass over every finding gives, and its frames a fresh view's.
@Suite struct FindingsCacheTests {
    static let base = Timestamp(rfc3339: "2026-11-21T10:00:00Z")!

    /// A random rollout: pods turning ready and not, with and without readiness
    /// probes, endpoints running ahead of readiness, deletions and pods recreated
    /// under their name; time steps that let thresholds fall due between inputs.
    static func inputs(seed: UInt64, count: Int) -> [SessionInput] {
        var random = RandomSource(seed: seed)
        var inputs: [SessionInput] = []
        var clock = 0.0
        var instance = [Int](repeating: 0, count: 10)
        var ready = [Bool](repeating: false, count: 10)
        func emit(_ type: String, _ resource: ResourceKind, _ object: JSON) {
            let event = try! WatchEvent.decode(["type": .string(type), "object": object], resource: resource, at: base.adding(seconds: clock))
            inputs.append(.event(event))
        }
        func pod(_ slot: Int) -> JSON {
            let probe: JSON = ["httpGet": ["port": 8080]]
            let containers: [JSON] = slot % 3 == 0 ? [["name": "app"]] : [["name": "app", "readinessProbe": probe]]
            let replicaSet = slot % 2 == 0 ? "checkout-aaa" : "checkout-bbb"
            return Objects.pod("checkout-\(slot)", replicaSet: replicaSet, labels: ["app": "checkout"], ready: ready[slot], containers: containers)
                .merging(["metadata": ["uid": .string("uid-\(slot)-\(instance[slot])")]])
        }
        emit("ADDED", .services, Objects.service("checkout", selector: ["app": "checkout"]))
        while inputs.count < count {
            clock += [0, 0.2, 0.5, 1, 1.5, 4, 15][random.below(7)]
            let slot = random.below(10)
            switch random.below(6) {
            case 0, 1:
                ready[slot].toggle()
                emit("MODIFIED", .pods, pod(slot))
            case 2:
                let endpoints = (0..<10).filter { _ in random.below(3) > 0 }.map { slot in
                    (pod: "checkout-\(slot)", ready: random.below(3) > 0 || ready[slot], serving: true, terminating: false)
                }
                emit("MODIFIED", .endpointslices, Objects.endpointSlice("checkout-\(random.below(2))", service: "checkout", endpoints: endpoints))
            case 3:
                emit("DELETED", .pods, pod(slot))
                instance[slot] += 1
                ready[slot] = false
                emit("ADDED", .pods, pod(slot))
            default:
                emit("ADDED", .pods, pod(slot))
            }
        }
        return inputs
    }

    /// Each pod's worst open and worst finding as a pass over every finding gives them.
    static func hazardsFromScratch(_ state: RolloutState) -> [Int: (open: Finding?, worst: Finding?)] {
        var result: [Int: (open: Finding?, worst: Finding?)] = [:]
        func worse(_ a: Finding?, _ b: Finding) -> Finding {
            guard let a else { return b }
            return (a.severity, a.start) < (b.severity, b.start) ? b : a
        }
        for finding in state.findings {
            guard let serial = finding.podUID.flatMap({ state.store.pods[$0]?.serial }) else { continue }
            var entry = result[serial] ?? (nil, nil)
            entry.worst = worse(entry.worst, finding)
            if finding.end == nil { entry.open = worse(entry.open, finding) }
            result[serial] = entry
        }
        return result
    }

    /// The findings list's order as a sort of every finding gives it.
    static func orderFromScratch(_ findings: [Finding]) -> [Finding] {
        findings.sorted { lhs, rhs in
            if (lhs.end == nil) != (rhs.end == nil) { return lhs.end == nil }
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            return lhs.start < rhs.start
        }
    }

    /// What each kept view shows: the table, the findings list, the detail, a filter.
    static let variants: [(panel: ViewState.Panel, filter: String)] = [(.pods, ""), (.findings, ""), (.detail, ""), (.pods, "missing")]

    /// One kept view per variant, so each sees a run of frames of its own.
    static func keptViews() -> [RolloutView] { variants.map { _ in RolloutView() } }

    /// Renders `state` with each kept view and a fresh one, and checks the first kept
    /// view's caches against passes over everything.
    static func check(_ views: [RolloutView], _ state: RolloutState, now: Timestamp, _ context: String,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        for (kept, (panel, filter)) in zip(views, variants) {
            var view = ViewState()
            view.panel = panel
            view.filter = filter
            let input = ViewInput(state: state, view: view, session: Frames.session, playback: .live, now: now)
            let mine = kept.render(input, width: 120, height: 40)
            let fresh = RolloutView().render(input, width: 120, height: 40)
            #expect(mine.screen.characterPlane == fresh.screen.characterPlane, "\(context), \(panel) /\(filter)", sourceLocation: sourceLocation)
            #expect(mine.screen.rolePlane(Snapshot.legend) == fresh.screen.rolePlane(Snapshot.legend), "\(context)", sourceLocation: sourceLocation)
            #expect(mine.layout == fresh.layout, "\(context), \(panel) /\(filter)", sourceLocation: sourceLocation)
            #expect(mine.view == fresh.view, "\(context), \(panel) /\(filter)", sourceLocation: sourceLocation)
        }
        let cache = views[0].caches.findings
        let expected = hazardsFromScratch(state)
        for serial in state.store.uidsBySerial.indices {
            #expect(cache.hazards.open(serial).map { state.findings[$0] } == expected[serial]?.open, "\(context), serial \(serial)",
                    sourceLocation: sourceLocation)
            #expect(cache.hazards.worst(serial).map { state.findings[$0] } == expected[serial]?.worst, "\(context), serial \(serial)",
                    sourceLocation: sourceLocation)
        }
        #expect(cache.order.indices.map { state.findings[$0] } == orderFromScratch(state.findings), "\(context)", sourceLocation: sourceLocation)
        for severity in Severity.allCases {
            #expect(state.findingIndex.openCount(severity) == state.findings.filter { $0.end == nil && $0.severity == severity }.count,
                    "\(context)", sourceLocation: sourceLocation)
        }
    }

    /// A long session's store drops its oldest deleted pods: the kept views drop their
    /// rows and follow the records changed, and still draw what a fresh view draws.
    @Test(arguments: [3, 4] as [UInt64])
    func keptViewsFollowAStoreThatDropsDeletedPods(seed: UInt64) {
        let kept = Self.keptViews()
        var state = RolloutState(store: Store(limits: StoreLimits(detailedGonePods: 1, keptGonePods: 3)))
        for input in Self.inputs(seed: seed, count: 160) {
            state.ingest(input)
            Self.check(kept, state, now: input.time, "seed \(seed), input \(state.inputCount)")
        }
        #expect(state.store.podsNotKept > 5, "the random rollout should drop deleted pods")
    }

    @Test(arguments: [1, 2] as [UInt64])
    func keptFindingsEqualAPassOverAllOfThemAfterEveryInput(seed: UInt64) {
        let kept = Self.keptViews()
        var state = RolloutState()
        var sawFindings = false
        for input in Self.inputs(seed: seed, count: 120) {
            state.ingest(input)
            Self.check(kept, state, now: input.time, "seed \(seed), input \(state.inputCount)")
            // Time passing between inputs opens what falls due, with no input at all.
            let later = input.time.adding(seconds: 1.2)
            state.advance(to: later)
            Self.check(kept, state, now: later, "seed \(seed), after input \(state.inputCount) and 1.2 s")
            sawFindings = sawFindings || state.findings.count > 3
        }
        #expect(sawFindings, "the random rollout should give findings to keep")
        // One history played forward is followed by what changed, never started over.
        #expect(kept.allSatisfy { $0.caches.findings.rebuilds == 1 })
    }

    /// A replay seeks back and forth, from the state on screen or from a keyframe:
    /// states of one history that may not descend from the one the view last saw.
    @Test(arguments: [5, 6] as [UInt64])
    func keptFindingsFollowAReplaySeekingBackAndForth(seed: UInt64) throws {
        let inputs = Self.inputs(seed: seed, count: 600)
        let timeline = Seeker(inputs: inputs)
        let start = try #require(inputs.first?.time)
        let end = try #require(inputs.last?.time)
        var random = RandomSource(seed: seed)
        let kept = Self.keptViews()
        var current: RolloutState?
        for step in 0..<30 {
            let fraction = Double(random.below(1_001)) / 1_000
            let target = Timestamp(microseconds: start.microseconds + Int64(Double(end.microseconds - start.microseconds) * fraction))
            // Half the time a few small steps forward, as playing does.
            let targets = random.below(2) == 0 ? [target] : (1...3).map { target.adding(seconds: Double($0) * 0.7) }
            for time in targets {
                let state = timeline.state(at: time, from: current)
                Self.check(kept, state, now: time, "seed \(seed), step \(step) at \(Int(fraction * 100))%")
                current = state
            }
        }
    }
}

extension FindingsCacheTests {
    /// Two histories of one recording that reach one generation with their findings in
    /// another order: on screen the clock opened `b`'s finding on its own; a seek from
    /// the keyframe before it opens `a`'s and `b`'s together, in key order. The view
    /// must not take the second for a continuation of the first.
    @Test func aSeekFromAKeyframeIsNotTakenForWhatCameAfterTheScreen() {
        func event(_ seconds: Double, _ type: String, _ resource: ResourceKind, _ object: JSON) -> SessionInput {
            .event(try! WatchEvent.decode(["type": .string(type), "object": object], resource: resource, at: Self.base.adding(seconds: seconds)))
        }
        func pod(_ name: String) -> JSON { Objects.pod(name, replicaSet: "checkout-aaa", labels: ["app": "checkout"], ready: false) }
        let inputs = [
            event(0, "ADDED", .services, Objects.service("checkout", selector: ["app": "checkout"])),
            event(0, "ADDED", .pods, pod("a")),
            event(0, "ADDED", .pods, pod("b")),
            event(0, "ADDED", .endpointslices, Objects.endpointSlice("checkout-1", service: "checkout",
                                                                      endpoints: [(pod: "b", ready: true, serving: true, terminating: false)])),
            event(0.5, "MODIFIED", .endpointslices, Objects.endpointSlice("checkout-1", service: "checkout", endpoints: [
                (pod: "a", ready: true, serving: true, terminating: false), (pod: "b", ready: true, serving: true, terminating: false)])),
            event(3, "ADDED", .pods, pod("c")),
        ]
        var keyframe = RolloutState()
        inputs.dropLast().forEach { keyframe.ingest($0) }
        var onScreen = keyframe
        onScreen.advance(to: Self.base.adding(seconds: 1.2))
        var seeked = keyframe
        seeked.ingest(inputs.last!)
        #expect(onScreen.findings.map(\.pod) == ["b"])
        #expect(seeked.findings.map(\.pod) == ["a", "b"], "the two histories should differ in order, or this test shows nothing")
        let kept = Self.keptViews()
        Self.check(kept, onScreen, now: Self.base.adding(seconds: 1.2), "on screen")
        Self.check(kept, seeked, now: Self.base.adding(seconds: 3), "seeked from the keyframe")
    }
}

/// How a replay gets the state at a time (Replay's `ReplayTimeline`, which this
/// test target does not link): from the state on screen when it is on the way,
/// else from the last keyframe before the time; then the rules advanced to it.
struct Seeker {
    let inputs: [SessionInput]
    private var keyframes: [RolloutState] = []
    static let spacing = 50

    init(inputs: [SessionInput]) {
        self.inputs = inputs
        var state = RolloutState()
        keyframes = [state]
        for (index, input) in inputs.enumerated() {
            state.ingest(input)
            if (index + 1) % Seeker.spacing == 0 { keyframes.append(state) }
        }
    }

    func state(at time: Timestamp, from current: RolloutState?) -> RolloutState {
        let count = inputs.prefix { $0.time <= time }.count
        var state = keyframes[count / Seeker.spacing]
        if let current, current.inputCount <= count, current.inputCount >= state.inputCount, (current.clock ?? time) <= time {
            state = current
        }
        for index in state.inputCount..<count { state.ingest(inputs[index]) }
        state.advance(to: time)
        return state
    }
}

/// A small deterministic generator, so a failing seed fails again.
struct RandomSource {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
