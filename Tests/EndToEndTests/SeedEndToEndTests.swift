import JSONLite
import KubeModel
import Runtime
import Testing
import TestSupport

/// Each seed served by the stand-in and watched through the real kubectl, as a
/// user would: `rollwatch report --for N --format json` must name exactly the
/// expected findings, with windows to within 1 s; the healthy rollout nothing.
extension EndToEnd {
@Suite struct SeedEndToEndTests {
    @Test(arguments: [SeedScenarios.sidecarNotReady, SeedScenarios.vaultInitBlocked, SeedScenarios.trafficBeforeReady,
                      SeedScenarios.rolloutRestartOnGKE, SeedScenarios.healthyRollout].map { ($0.name, $0) })
    func findingsThroughTheRealKubectl(name: String, seed: SeedScenario) throws {
        let standIn = try StandIn(scenario: seed.scenario.json)
        let result = try runRollwatch(["report", "--for", "\(seed.seconds)s", "--format", "json", "--kubeconfig", standIn.kubeconfig])
        let failing = seed.expected.contains { $0.severity != "info" }
        #expect(result.status == .exited(failing ? 1 : 0), "\(name): \(result.stderrText)")
        let report = try JSONParser().parse(result.stdout)
        let origin = try #require(Timestamp(rfc3339: report["window"]["start"].string ?? ""))
        func offset(_ value: JSON) -> Double? { value.string.flatMap(Timestamp.init(rfc3339:))?.seconds(since: origin) }

        if Environment.value("ROLLWATCH_DEBUG_E2E") != nil { print("REPORT \(name): \(report["findings"].serialized())") }
        let found = report["findings"].array.sorted { ($0["rule"].string ?? "") < ($1["rule"].string ?? "") }
        let expected = seed.expected.sorted { $0.rule < $1.rule }
        #expect(found.map { "\($0["rule"].string!) \($0["severity"].string!) \($0["pod"].string ?? "")" }
                == expected.map { "\($0.rule) \($0.severity) \($0.pod)" }, "\(name)")
        for (finding, want) in zip(found, expected) {
            #expect(abs((offset(finding["start"]) ?? -99) - want.start) <= 1, "\(name) \(want.rule) start \(finding["start"])")
            if let end = want.end {
                #expect(abs((offset(finding["end"]) ?? -99) - end) <= 1, "\(name) \(want.rule) end \(finding["end"])")
            } else {
                #expect(finding["end"] == .null, "\(name) \(want.rule) is still open")
            }
            #expect(!(finding["evidence"].array.isEmpty), "\(name) \(want.rule) has evidence")
            #expect(!(finding["remedy"].string ?? "").isEmpty)
        }
    }
}
}
