import JSONLite
import KubeModel
import Testing
import TestSupport
@testable import RolloutCore

/// The engine asks a rule about a touched pod only when something the rule reads
/// changed (`PodRule.reads`). These pin that it then finds exactly what asking every
/// rule on every touch finds: one input of each kind a rule reads, arriving on its
/// own, must reach the rule.
@Suite struct SelectiveRuleTests {
    static let gate = NEGGateRule.gate

    /// Plays the same inputs through the selective engine and one asking every rule.
    struct Twin {
        var selective: Timeline
        var every: Timeline

        init(limits: StoreLimits = StoreLimits()) {
            selective = Timeline(limits: limits, asksEveryRule: false)
            every = Timeline(limits: limits, asksEveryRule: true)
        }

        mutating func apply(_ seconds: Double, _ resource: ResourceKind, _ change: WatchEvent.Change) {
            selective.apply(seconds, resource, change)
            every.apply(seconds, resource, change)
        }

        mutating func add(_ seconds: Double, _ resource: ResourceKind, _ object: JSON) {
            apply(seconds, resource, .added(resource.decode(object)))
        }

        mutating func delete(_ seconds: Double, _ resource: ResourceKind, _ object: JSON) {
            apply(seconds, resource, .deleted(resource.decode(object)))
        }

        mutating func applyTogether(_ seconds: Double, _ inputs: [(ResourceKind, WatchEvent.Change)]) {
            selective.applyTogether(seconds, inputs)
            every.applyTogether(seconds, inputs)
        }

        mutating func tick(_ seconds: Double) {
            selective.tick(seconds)
            every.tick(seconds)
        }

        /// The selective engine's findings, after checking they are every rule's, field by field.
        var findings: [Finding] {
            #expect(selective.engine.findings == every.engine.findings)
            return selective.engine.findings
        }
    }

    static func unhealthy(_ name: String, pod: String = "p", count: Int = 1) -> JSON {
        Pods.unhealthy(name, pod: pod, container: "app", message: "Readiness probe failed: 503", count: count)
    }

    static func pulled(_ name: String, pod: String = "p") -> JSON {
        Objects.event(name, pod: pod, reason: "Pulled", message: "image pulled")
    }

    /// A probe failure arriving after the pod changed extends probe-failures: the Event
    /// alone reaches the rule.
    @Test func anEventAfterAPodUpdateExtendsProbeFailures() {
        var twin = Twin()
        twin.add(0, .pods, Objects.pod("p", replicaSet: "checkout-aaa", labels: Pods.labels, ready: false))
        twin.add(1, .events, Self.unhealthy("p.1"))
        twin.add(2, .pods, Objects.pod("p", replicaSet: "checkout-aaa", labels: Pods.labels, ready: true))
        twin.add(3, .events, Self.unhealthy("p.1", count: 2))
        let failures = twin.findings.filter { $0.rule == .probeFailures }
        #expect(failures.count == 1)
        #expect(failures.first?.end == Timeline.base.adding(seconds: 3))
        #expect(failures.first?.summary.contains("probe failed 2×") == true)
    }

    /// An Event seen again with nothing new touches no pod, yet its time moved: the
    /// pod's next touch, of whatever kind, brings it to probe-failures.
    @Test func anEventSeenAgainReachesProbeFailuresWithTheNextTouch() {
        var twin = Twin()
        twin.add(0, .pods, Objects.pod("p", replicaSet: "checkout-aaa", labels: Pods.labels))
        twin.add(1, .events, Self.unhealthy("p.1", count: 2))
        twin.add(4, .events, Self.unhealthy("p.1", count: 2))
        #expect(twin.findings.first { $0.rule == .probeFailures }?.end == Timeline.base.adding(seconds: 1))
        twin.add(5, .events, Self.pulled("p.2"))
        #expect(twin.findings.first { $0.rule == .probeFailures }?.end == Timeline.base.adding(seconds: 4))
    }

    /// An Event seen again in the same input as a pod update the rule does not read (a
    /// list's objects are one input): the rules look at the pod once, and see both.
    @Test func anEventSeenAgainWithAnUpdateOfItsPodReachesProbeFailuresAtOnce() {
        var twin = Twin()
        twin.add(0, .pods, Objects.pod("p", replicaSet: "checkout-aaa", labels: Pods.labels))
        twin.add(1, .events, Self.unhealthy("p.1", count: 2))
        twin.applyTogether(4, [(.pods, .modified(ResourceKind.pods.decode(Objects.pod("p", replicaSet: "checkout-aaa", labels: Pods.labels, ready: false)))),
                               (.events, .modified(ResourceKind.events.decode(Self.unhealthy("p.1", count: 2))))])
        #expect(twin.findings.first { $0.rule == .probeFailures }?.end == Timeline.base.adding(seconds: 4))
        twin.add(6, .events, Self.unhealthy("p.1", count: 2))
        twin.add(7, .events, Self.pulled("p.2"))
        #expect(twin.findings.first { $0.rule == .probeFailures }?.evidence.map(\.at)
                == [1, 4, 6].map { Timeline.base.adding(seconds: $0) })
    }

    /// A slice making an unready pod a ready endpoint reaches traffic-before-ready
    /// after Events that no pod rule reads.
    @Test func anEndpointChangeReachesTrafficBeforeReady() {
        var twin = Twin()
        twin.add(0, .pods, Objects.pod("p", replicaSet: "checkout-aaa", labels: Pods.labels, ready: false))
        twin.add(1, .events, Self.pulled("p.1"))
        twin.add(2, .endpointslices, Pods.slice([("p", true, true, false)]))
        twin.add(2.5, .events, Self.pulled("p.2"))
        twin.tick(4)
        #expect(twin.findings.map(\.rule) == [.trafficBeforeReady])
        #expect(twin.findings.first?.start == Timeline.base.adding(seconds: 2))
    }

    /// A pod update after its Events: the NEG gate condition reaches the rule, which
    /// takes the Events received before as evidence.
    @Test func aPodUpdateAfterEventsReachesTheNEGGateRule() {
        var twin = Twin()
        func pod(_ reason: String) -> JSON {
            Objects.pod("p", replicaSet: "checkout-aaa", labels: Pods.labels, gates: [.string(Self.gate)],
                        extraConditions: [Objects.condition(Self.gate, reason != "LoadBalancerNegNotReady", reason: reason)])
        }
        twin.add(0, .pods, pod("LoadBalancerNegNotReady"))
        twin.add(1, .events, Objects.event("p.neg", pod: "p", reason: "Pulled", message: "image pulled"))
        twin.add(2, .pods, pod(NEGGateRule.withoutHealthCheck))
        #expect(twin.findings.map(\.rule) == [.negGateWithoutHealthCheck])
    }

    /// Workloads touch no pod: a Deployment's minReadySeconds reaches the NEG gate
    /// finding with the pod's next touch, even one the rule does not read itself.
    @Test func aWorkloadChangeReachesTheNEGGateRuleWithTheNextTouch() {
        var twin = Twin()
        twin.add(0, .replicasets, Objects.replicaSet("checkout-aaa", deployment: "checkout", revision: 1, labels: Pods.labels))
        twin.add(0, .pods, Objects.pod("p", replicaSet: "checkout-aaa", labels: Pods.labels, gates: [.string(Self.gate)],
                                       extraConditions: [Objects.condition(Self.gate, true, reason: NEGGateRule.withoutHealthCheck)]))
        #expect(twin.findings.map(\.summary) == ["NEG readiness gate set True without a load-balancer health check"])
        twin.add(1, .deployments, Objects.deployment("checkout", labels: Pods.labels, minReadySeconds: 45))
        twin.add(2, .endpointslices, Pods.slice([("p", true, true, false)]))
        #expect(twin.findings.first { $0.rule == .negGateWithoutHealthCheck }?.summary
                == "NEG readiness gate set True without a load-balancer health check (minReadySeconds 45)")
    }

    /// Probe failures received before their pod give its first finding evidence out of
    /// time order (an Event seen again later comes first); asking the rule again sorted
    /// it, so a touch the rule does not read must sort it too.
    @Test func evidenceOutOfTimeOrderIsSortedByTheNextTouch() {
        var twin = Twin()
        twin.add(0, .events, Self.unhealthy("p.1"))
        twin.add(1, .events, Self.unhealthy("p.2"))
        twin.add(2, .events, Self.unhealthy("p.1", count: 2))
        twin.add(3, .pods, Objects.pod("p", replicaSet: "checkout-aaa", labels: Pods.labels))
        #expect(twin.findings.first?.evidence.map(\.at) == [Timeline.base.adding(seconds: 2), Timeline.base.adding(seconds: 1)])
        twin.add(4, .endpointslices, Pods.slice([("p", true, true, false)]))
        #expect(twin.findings.first?.evidence.map(\.at) == [Timeline.base.adding(seconds: 1), Timeline.base.adding(seconds: 2)])
    }

    /// When the history cap drops a pod's oldest transitions, rules reading the
    /// timeline are asked again even for an Event they do not read.
    @Test func theHistoryCapReachesTheRulesThatReadTheTimeline() {
        var twin = Twin(limits: StoreLimits(transitionsPerPod: 6))
        twin.add(0, .pods, Objects.pod("p", replicaSet: "checkout-aaa", labels: Pods.labels, ready: false))
        twin.add(0.5, .endpointslices, Pods.slice([("p", true, true, false)]))
        for second in 1...6 { twin.add(Double(second) * 0.1 + 0.5, .events, Self.pulled("p.\(second)")) }
        twin.tick(3)
        #expect(twin.findings.map(\.rule) == [.trafficBeforeReady])
    }

    /// Many pods through every kind of input, with small caps (timeline, Events, gone
    /// pods kept), recreated names and inputs taken together: after every step the
    /// selective engine's findings are every rule's, field by field, and most rules
    /// find something.
    @Test(arguments: [1, 2, 3, 4]) func randomInputsFindWhatAskingEveryRuleFinds(seed: UInt64) {
        var twin = Twin(limits: StoreLimits(transitionsPerPod: 10, eventsPerPod: 4, detailedGonePods: 2, keptGonePods: 3))
        var scenario = RandomScenario(seed: seed)
        for step in 0..<1_500 {
            // Every fifth step, three inputs before the rules look (as a list's objects come).
            var inputs: [(ResourceKind, WatchEvent.Change)] = []
            var seconds = 0.0
            for _ in 0..<(step % 5 == 4 ? 3 : 1) {
                let (time, resource, change) = scenario.next()
                inputs.append((resource, change))
                seconds = time
            }
            twin.applyTogether(seconds, inputs)
            guard twin.selective.engine.findings == twin.every.engine.findings else {
                Issue.record("seed \(seed): findings differ after step \(step) (\(inputs.map(\.0)) at \(seconds) s)")
                return
            }
        }
        let rules = Set(twin.findings.map(\.rule))
        #expect(rules.count >= 8, "rules found: \(rules.map(\.rawValue).sorted())")
    }
}
