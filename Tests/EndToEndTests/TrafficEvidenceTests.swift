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

/// Logs rollwatch could not read, said in the report. A pod whose proxy never starts:
/// its log answers 400 ("is waiting to start") for the whole run. Nothing fatal, no
/// error; the report says the log was never read and why, and every other log is
/// counted as before (the gateway still saw the pod's request). And pods left out by
/// `--max-log-streams`.
extension EndToEndSecondLane {
@Suite struct UnreadLogsTests {
    /// Seed 001 with traffic, but the late pod's containers never start: no step starts
    /// them and its own proxy writes nothing.
    static var scenario: Scenario {
        var scenario = TrafficScenarios.seed001WithTraffic.scenario
        scenario.steps.removeAll { step in
            step["pod"].string == TrafficScenarios.latePod || step["object"]["metadata"]["name"].string == TrafficScenarios.latePod
        }
        return scenario
    }

    @Test func theReportSaysTheLogWasNeverReadAndCountsTheRest() throws {
        let standIn = try StandIn(scenario: Self.scenario.json)
        let result = try runRollwatch(["report", "--for", "\(TrafficScenarios.seconds)s", "--format", "json", "--kubeconfig", standIn.kubeconfig,
                                       "--access-logs", "--access-logs-from", TrafficScenarios.gateway])
        #expect(result.status == .exited(1), "findings, not a failure: \(result.stderrText)")
        #expect(result.stderrText.isEmpty, "nothing said on stderr: \(result.stderrText)")
        let report = try JSONParser().parse(result.stdout)
        let traffic = report["traffic"]
        // The API server was asked again and again, and said the container waits to start.
        #expect((try standIn.requests()["logs 400"] ?? 0) >= 2)
        let unread = traffic["unread"].array
        #expect(unread.count == 1 && unread.first?["pod"].string == TrafficScenarios.latePod
                && unread.first?["container"].string == "istio-proxy", "\(traffic.serialized())")
        #expect(unread.first?["reason"].string?.contains("is waiting to start") == true, "\(traffic.serialized())")
        #expect(EndToEnd.TrafficEvidenceTests.source(TrafficScenarios.latePod, in: report).isNull, "no lines from it")
        // Every other log counted as when the proxy starts: the race's impact, the gateway's 13 entries.
        #expect(EndToEnd.TrafficEvidenceTests.impact(of: "traffic-before-ready", in: report)
                == ["requests": 4, "failed": 4, "codes": ["503": 4], "flags": ["UF": 4, "URX": 4]])
        #expect(EndToEnd.TrafficEvidenceTests.source(TrafficScenarios.gatewayPod, in: report)["entries"].int == 13)
        #expect(EndToEnd.TrafficEvidenceTests.source(TrafficScenarios.newPod, in: report)["entries"].int == 5)
        #expect(traffic["requests"].int == 13 && traffic["failed"].int == 5, "\(traffic.serialized())")
    }

    @Test func theTextReportSaysItInWords() throws {
        let standIn = try StandIn(scenario: Self.scenario.json)
        let result = try runRollwatch(["report", "--for", "\(TrafficScenarios.seconds)s", "--kubeconfig", standIn.kubeconfig,
                                       "--access-logs", "--access-logs-from", TrafficScenarios.gateway])
        #expect(result.status == .exited(1), "\(result.stderrText)")
        // The API server's words, as the transport passes them on (kubectl's "Error from server (BadRequest): " or not).
        let line = result.stdoutText.split(separator: "\n").first { $0.contains("log shop/\(TrafficScenarios.latePod)/istio-proxy: no line read: ") }
        #expect(line?.contains("is waiting to start") == true, "\(result.stdoutText)")
    }

    @Test func podsLeftOutByTheCapAreNamedInTheReport() throws {
        let seed = TrafficScenarios.seed001WithTraffic
        let standIn = try StandIn(scenario: seed.scenario.json)
        let result = try runRollwatch(["report", "--for", "\(seed.seconds)s", "--format", "json", "--kubeconfig", standIn.kubeconfig,
                                       "--access-logs", "--access-logs-from", TrafficScenarios.gateway, "--max-log-streams", "2"])
        #expect(result.status == .exited(1), "\(result.stderrText)")
        let traffic = try JSONParser().parse(result.stdout)["traffic"]
        // Four pods have a proxy (the gateway's and three of checkout's): two followed, two named as left out.
        let notFollowed = traffic["notFollowed"]
        #expect(notFollowed["maxLogStreams"].int == 2 && notFollowed["pods"].array.count == 2, "\(traffic.serialized())")
        #expect(traffic["sources"].array.count + notFollowed["pods"].array.count == 4, "\(traffic.serialized())")
        let followed = Set(traffic["sources"].array.compactMap { $0["pod"].string })
        #expect(notFollowed["pods"].array.allSatisfy { pod in !followed.contains { pod.string?.hasSuffix("/" + $0) == true } })

        let words = try runRollwatch(["report", "--for", "\(seed.seconds)s", "--kubeconfig", standIn.kubeconfig, "--access-logs",
                                      "--max-log-streams", "1"])
        #expect(words.stdoutText.contains("2 pods' proxy logs not followed (--max-log-streams 1): shop/"), "\(words.stdoutText)")
    }
}
}
