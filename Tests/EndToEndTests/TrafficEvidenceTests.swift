import JSONLite
import KubeModel
import Runtime
import Testing
import TestSupport

/// Issue 15's scenario through the real kubectl, as a user runs it: seed 001 served
/// by the stand-in with the gateway sending requests to both pods and every proxy's
/// access log served as pod logs (the late pod's answering 400 until its proxy starts).
/// `report --access-logs --access-logs-from …` must give the race exactly the failed
/// requests of its window, counted once across both proxies; the healthy pod's
/// failure must be unexplained; skipped lines counted; the recording made on the way
/// must report the same numbers.
extension EndToEnd {
@Suite struct TrafficEvidenceTests {
    static func impact(of rule: String, in report: JSON) -> JSON {
        report["findings"].array.first { $0["rule"].string == rule }?["impact"] ?? .null
    }

    static func source(_ pod: String, in report: JSON) -> JSON {
        report["traffic"]["sources"].array.first { $0["pod"].string == pod } ?? .null
    }

    @Test func aRacesFailedRequestsAreItsImpactAndTheRestUnexplained() throws {
        let seed = TrafficScenarios.seed001WithTraffic
        let standIn = try StandIn(scenario: seed.scenario.json)
        let directory = TemporaryDirectory()
        let recording = directory.file("traffic.jsonl")
        let result = try runRollwatch(["report", "--for", "\(seed.seconds)s", "--format", "json", "--kubeconfig", standIn.kubeconfig,
                                       "--access-logs", "--access-logs-from", TrafficScenarios.gateway, "--record", recording])
        #expect(result.status == .exited(1), "\(result.stderrText)")
        let report = try JSONParser().parse(result.stdout)
        if Environment.value("ROLLWATCH_DEBUG_E2E") != nil { print("TRAFFIC \(report["traffic"].serialized()) \(result.stderrText)") }

        #expect(report["findings"].array.map { $0["rule"].string ?? "" }.sorted() == ["probe-failures", "traffic-before-ready"])
        // Four requests refused in the window, each logged by the gateway (URX,UF) and the pod (UF): four, as the gateway saw them.
        #expect(Self.impact(of: "traffic-before-ready", in: report)
                == ["requests": 4, "failed": 4, "codes": ["503": 4], "flags": ["UF": 4, "URX": 4]],
                "\(Self.impact(of: "traffic-before-ready", in: report).serialized())")
        let traffic = report["traffic"]
        #expect(traffic["requests"].int == 13 && traffic["failed"].int == 5, "\(traffic.serialized())")
        let unexplained = traffic["unexplained"].array
        #expect(unexplained.count == 1 && unexplained.first?["pod"].string == TrafficScenarios.healthyPod, "\(traffic.serialized())")
        #expect(unexplained.first?["failed"].int == 1 && unexplained.first?["codes"] == ["503": 1])

        let newPod = Self.source(TrafficScenarios.newPod, in: report)
        #expect(newPod["lines"].int == 7 && newPod["entries"].int == 5 && newPod["skipped"].int == 2, "\(newPod.serialized())")
        let gateway = Self.source(TrafficScenarios.gatewayPod, in: report)
        #expect(gateway["namespace"].string == "istio-system" && gateway["entries"].int == 13, "\(gateway.serialized())")
        // The late pod's log was refused while its proxy was starting, then read.
        #expect(Self.source(TrafficScenarios.latePod, in: report)["entries"].int == 1)
        #expect((try standIn.requests()["logs 400"] ?? 0) >= 1)
        // Nothing hostile from a log line reaches the report.
        #expect(!result.stdoutText.contains("<script>") && !result.stdoutText.contains("\u{1B}"))

        // The recording gives the live session's numbers.
        let replayed = try runRollwatch(["report", recording, "--format", "json"])
        #expect(replayed.status == .exited(1), "\(replayed.stderrText)")
        let again = try JSONParser().parse(replayed.stdout)
        #expect(again["traffic"] == traffic)
        #expect(Self.impact(of: "traffic-before-ready", in: again) == Self.impact(of: "traffic-before-ready", in: report))
        // The recording keeps no path, query, user agent or forwarded-for address.
        let text = String(decoding: try FileIO.readWholeFile(recording, limit: 16 << 20), as: UTF8.self)
        #expect(text.contains(#""src":"logs""#) && !text.contains("session=abc") && !text.contains("Mozilla") && !text.contains("203.0.113.9"))

        let words = try runRollwatch(["report", recording])
        #expect(words.stdoutText.contains("4 requests failed during this window: 503 UF,URX×4")
                || words.stdoutText.contains("4 requests failed during this window: 503 URX,UF×4"), "\(words.stdoutText)")
        #expect(words.stdoutText.contains("Failed requests no finding explains:"))
    }
}
}
