import JSONLite
import KubeModel
import TestSupport
@testable import RolloutCore

import Testing

/// The traffic ledger fed the way a session feeds it: pod events and log lines,
/// in receive order, through `RolloutState`.
@Suite struct TrafficLedgerTests {
    static let base = Timestamp(rfc3339: "2024-05-01T15:23:00Z")!
    var state = RolloutState()

    func at(_ seconds: Double) -> Timestamp { Self.base.adding(seconds: seconds) }

    mutating func pod(_ name: String, ip: String, at seconds: Double, uid: String? = nil) {
        var object = Objects.pod(name, replicaSet: "checkout-bbb", labels: ["app": "checkout"], ip: ip)
        if let uid { object = object.setting(["metadata", "uid"], to: .string(uid)) }
        state.ingest(.event(WatchEvent(time: at(seconds), resource: .pods, change: .added(ResourceKind.pods.decode(object)))))
    }

    mutating func delete(_ name: String, ip: String, at seconds: Double) {
        let object = Objects.pod(name, replicaSet: "checkout-bbb", labels: ["app": "checkout"], ip: ip)
        state.ingest(.event(WatchEvent(time: at(seconds), resource: .pods, change: .deleted(ResourceKind.pods.decode(object)))))
    }

    /// A line of `pod`'s proxy log, received `late` seconds after the request started.
    mutating func log(from pod: String, namespace: String = "shop", container: String = "istio-proxy",
                      _ entry: AccessLogEntry?, late: Double = 1.5) {
        let received = (entry?.start ?? at(0)).adding(seconds: late)
        state.ingest(.log(LogInput(time: received, source: LogSource(namespace: namespace, pod: pod, container: container), entry: entry)))
    }

    func inbound(_ seconds: Double, code: Int, flags: [String] = [], id: String? = nil) -> AccessLogEntry {
        AccessLogEntry(start: at(seconds), code: code, flags: flags, upstreamHost: "127.0.0.6:8080",
                       upstreamCluster: "inbound|8080||", requestID: id)
    }

    func outbound(_ seconds: Double, to host: String?, code: Int, flags: [String] = [], id: String? = nil,
                  cluster: String = "outbound|8080||checkout.shop.svc.cluster.local") -> AccessLogEntry {
        AccessLogEntry(start: at(seconds), code: code, flags: flags, upstreamHost: host, upstreamCluster: cluster, requestID: id)
    }

    func finding(pod: String?, service: String? = nil, from start: Double, to end: Double?) -> Finding {
        Finding(rule: .trafficBeforeReady, severity: .critical, namespace: "shop", pod: pod, podUID: nil, containers: [],
                service: service, start: at(start), end: end.map(at), summary: "", evidence: [], remedy: "")
    }

    @Test mutating func inboundRequestsCountForTheLoggingPodWithinTheFindingsWindow() throws {
        pod("checkout-bbb-1", ip: "10.8.0.12", at: 0)
        for second in 0..<20 {
            log(from: "checkout-bbb-1", inbound(Double(second) + 0.5, code: second >= 5 && second < 9 ? 503 : 200,
                                                flags: second >= 5 && second < 9 ? ["UF"] : []))
        }
        let traffic = try #require(state.traffic)
        let impact = traffic.impact(of: finding(pod: "checkout-bbb-1", from: 5, to: 9), store: state.store, now: at(30))
        // The window 5–9 s, widened by the 1 s tolerance: seconds 4 to 10.
        #expect(impact.requests == 7 && impact.failed == 4)
        #expect(impact.codes == ["503": 4] && impact.flags == ["UF": 4])
        #expect(impact.failureSummary == "503 UF×4")
        #expect(traffic.totals.requests == 20 && traffic.totals.failed == 4)
        #expect(traffic.unexplained(findings: [finding(pod: "checkout-bbb-1", from: 5, to: 9)], store: state.store, now: at(30)).isEmpty)
    }

    @Test mutating func outboundRequestsGoToThePodThatHeldTheAddressThen() throws {
        // Pod IPs are reused: 10.8.0.12 was -1's, then, after it went, -2's.
        pod("checkout-bbb-1", ip: "10.8.0.12", at: 0, uid: "u1")
        delete("checkout-bbb-1", ip: "10.8.0.12", at: 10)
        pod("checkout-bbb-2", ip: "10.8.0.12", at: 20, uid: "u2")
        log(from: "istio-ingressgateway-7d9", namespace: "istio-system", outbound(5, to: "10.8.0.12:8080", code: 503, flags: ["UF"]))
        log(from: "istio-ingressgateway-7d9", namespace: "istio-system", outbound(25, to: "10.8.0.12:8080", code: 503, flags: ["UF"]))
        log(from: "istio-ingressgateway-7d9", namespace: "istio-system", outbound(26, to: "10.9.9.9:8080", code: 503, flags: ["UF"]))
        let traffic = try #require(state.traffic)
        #expect(traffic.counts(of: PodName(namespace: "shop", name: "checkout-bbb-1"), from: at(0), to: at(40)).failed == 1)
        #expect(traffic.counts(of: PodName(namespace: "shop", name: "checkout-bbb-2"), from: at(0), to: at(40)).failed == 1)
        // An address no watched pod held is nobody's.
        #expect(traffic.totals.failed == 2)
        #expect(traffic.sources[LogSource(namespace: "istio-system", pod: "istio-ingressgateway-7d9", container: "istio-proxy")]?.entries == 3)
    }

    @Test mutating func aRequestSeenByBothProxiesCountsOnceAsItsCallerSawIt() throws {
        pod("checkout-bbb-1", ip: "10.8.0.12", at: 0)
        // The target's proxy logs both attempts of a retried request (one x-request-id)...
        log(from: "checkout-bbb-1", inbound(5.1, code: 503, flags: ["UF"], id: "r1"), late: 1)
        log(from: "checkout-bbb-1", inbound(5.2, code: 503, flags: ["UF"], id: "r1"), late: 1)
        // ...and the gateway the one answer the client got, a little later.
        log(from: "gw", namespace: "istio-system", outbound(5.0, to: "10.8.0.12:8080", code: 503, flags: ["URX", "UF"], id: "r1"), late: 2)
        log(from: "gw", namespace: "istio-system", outbound(5.3, to: "10.8.0.12:8080", code: 200, id: "r2"), late: 2)
        log(from: "checkout-bbb-1", inbound(5.4, code: 200, id: "r2"), late: 2)
        let traffic = try #require(state.traffic)
        let counts = traffic.counts(of: PodName(namespace: "shop", name: "checkout-bbb-1"), from: at(0), to: at(10))
        #expect(counts.requests == 2 && counts.failed == 1)
        #expect(counts.flags == ["URX": 1, "UF": 1] && counts.codes == ["503": 1])
        #expect(traffic.totals.requests == 2 && traffic.totals.failed == 1)
    }

    @Test mutating func failuresOutsideEveryFindingAreUnexplainedInWindowsPerPod() throws {
        pod("checkout-bbb-1", ip: "10.8.0.12", at: 0)
        pod("checkout-bbb-2", ip: "10.8.0.13", at: 0)
        for second in [3.2, 4.1, 5.9, 30.0] { log(from: "checkout-bbb-1", inbound(second, code: 503, flags: ["UF"])) }
        log(from: "checkout-bbb-2", inbound(12, code: 500))
        let findings = [finding(pod: "checkout-bbb-2", from: 11, to: 13)]
        let traffic = try #require(state.traffic)
        let windows = traffic.unexplained(findings: findings, store: state.store, now: at(40))
        #expect(windows.map { "\($0.pod ?? "-") \($0.start.seconds(since: Self.base))–\($0.end.seconds(since: Self.base)) \($0.counts.failed)" }
                == ["checkout-bbb-1 3.0–6.0 3", "checkout-bbb-1 30.0–31.0 1"])
        #expect(windows.first?.counts.failureSummary == "503 UF×3")
    }

    @Test mutating func aServiceFindingCountsItsPodsAndTheRequestsThatReachedNone() throws {
        pod("checkout-bbb-1", ip: "10.8.0.12", at: 0)
        state.ingest(.event(WatchEvent(time: at(1), resource: .endpointslices, change: .added(ResourceKind.endpointslices.decode(
            Objects.endpointSlice("checkout-x1", service: "checkout", endpoints: [("checkout-bbb-1", false, false, false)]))))))
        log(from: "gw", namespace: "istio-system", outbound(6, to: nil, code: 503, flags: ["UH"]))
        log(from: "checkout-bbb-1", inbound(7, code: 503, flags: ["UF"]))
        let traffic = try #require(state.traffic)
        let impact = traffic.impact(of: finding(pod: nil, service: "checkout", from: 5, to: 8), store: state.store, now: at(20))
        #expect(impact.failed == 2 && impact.flags == ["UH": 1, "UF": 1])
    }

    @Test mutating func linesThatAreNotEntriesAreCountedAsSkipped() throws {
        pod("checkout-bbb-1", ip: "10.8.0.12", at: 0)
        log(from: "checkout-bbb-1", nil)
        log(from: "checkout-bbb-1", inbound(2, code: 200))
        let source = LogSource(namespace: "shop", pod: "checkout-bbb-1", container: "istio-proxy")
        #expect(state.traffic?.sources[source] == TrafficLedger.SourceCounts(lines: 2, entries: 1, skipped: 1))
    }

    @Test func withoutLogsTheReportHasNoTraffic() throws {
        var state = RolloutState()
        state.ingest(.event(WatchEvent(time: Self.base, resource: .pods, change: .added(ResourceKind.pods.decode(
            Objects.pod("a", replicaSet: "checkout-bbb", labels: [:]))))))
        #expect(state.traffic == nil)
        let report = Report(version: "t", source: ReportSource(kind: .recording), store: state.store, findings: [], now: Self.base,
                            traffic: state.traffic)
        #expect(report.json()["traffic"].isNull)
    }

    @Test mutating func theReportSaysTheImpactInWords() throws {
        pod("checkout-bbb-1", ip: "10.8.0.12", at: 0)
        for second in 0..<16 { log(from: "checkout-bbb-1", inbound(5 + Double(second) * 0.1, code: 503, flags: ["UF"])) }
        let report = Report(version: "t", source: ReportSource(kind: .recording), store: state.store,
                            findings: [finding(pod: "checkout-bbb-1", from: 5, to: 7)], now: at(20), traffic: state.traffic)
        let json = report.json()
        #expect(json["findings"].array[0]["impact"]["failed"].int == 16)
        #expect(json["traffic"]["sources"].array[0]["entries"].int == 16)
        let text = ReportRenderer(format: .text).render(report)
        #expect(text.contains("16 requests failed during this window: 503 UF×16"))
        #expect(text.contains("Every failed request falls in a finding's window."))
        #expect(ReportRenderer(format: .markdown).render(report).contains("### Traffic"))
    }
}
