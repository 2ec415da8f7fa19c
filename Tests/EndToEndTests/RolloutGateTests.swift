import JSONLite
import KubeModel
import Runtime
import Testing
import TestSupport

/// `report deploy/NAME --until-complete`: the CI gate after `kubectl apply`.
extension EndToEnd {
@Suite struct RolloutGateTests {
    static let labels = ["app": "checkout"]

    static func rollout(completesAt seconds: Double?) -> Scenario {
        var scenario = Scenario(watchSeconds: 0)
        let deployment = Objects.deployment("checkout", labels: labels)
            .setting(["status"], to: ["observedGeneration": 1, "replicas": 2, "updatedReplicas": 1, "readyReplicas": 1,
                                      "availableReplicas": 1])
            .setting(["spec", "replicas"], to: 1)
        scenario.initial = [deployment, Objects.replicaSet("checkout-bbb", deployment: "checkout", revision: 2, labels: labels),
                            Objects.service("checkout", selector: labels),
                            Objects.pod("checkout-bbb-1", replicaSet: "checkout-bbb", labels: labels)]
        if let seconds {
            scenario.patch("deployments", "checkout", at: seconds, merge: ["status": [
                "observedGeneration": 2, "replicas": 1, "updatedReplicas": 1, "readyReplicas": 1, "availableReplicas": 1,
            ]])
        }
        return scenario
    }

    @Test func stopsWhenTheRolloutCompletes() throws {
        let standIn = try StandIn(scenario: Self.rollout(completesAt: 1.5).json)
        let started = MonotonicInstant.now()
        let result = try runRollwatch(["report", "deploy/checkout", "--until-complete", "--timeout", "60s", "--format", "json",
                                       "--kubeconfig", standIn.kubeconfig])
        let took = MonotonicInstant.now().seconds - started.seconds
        #expect(result.status == .exited(0), "\(result.stderrText)")
        #expect(took < 30, "it stopped at completion, not at the 60 s timeout (took \(took) s)")
        #expect(!result.stderrText.contains("did not complete"))
        let report = try JSONParser().parse(result.stdout)
        #expect(report["pods"].array.map { $0["name"] } == ["checkout-bbb-1"])
    }

    @Test func saysSoWhenTheTimeoutComesFirst() throws {
        let standIn = try StandIn(scenario: Self.rollout(completesAt: nil).json)
        let result = try runRollwatch(["report", "deploy/checkout", "--until-complete", "--timeout", "2s",
                                       "--kubeconfig", standIn.kubeconfig])
        #expect(result.stderrText.contains("the rollout of deploy/checkout did not complete within 2s"), "\(result.stderrText)")
        #expect(result.stdoutText.contains("checkout-bbb-1"), "the report is printed all the same")
    }

    @Test func needsAWorkloadTarget() throws {
        let result = try runRollwatch(["report", "svc/checkout", "--until-complete"])
        #expect(result.status == .exited(2))
        #expect(result.stderrText.contains("--until-complete needs a workload target"))
    }
}
}
