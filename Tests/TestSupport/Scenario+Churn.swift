import JSONLite

extension Scenario {
    /// Pods `web-aaa-1…N` of one ReplicaSet whose readiness the stand-in flips `rate`
    /// times a second for `seconds`, from 1 s on: load for the bastion tests.
    public static func churning(pods: Int, rate: Double, seconds: Double) -> Scenario {
        let labels = ["app": "web"]
        var scenario = Scenario()
        scenario.initial = [Objects.replicaSet("web-aaa", deployment: "web", revision: 1, labels: labels)]
            + (1...pods).map { Objects.pod("web-aaa-\($0)", replicaSet: "web-aaa", labels: labels) }
        scenario.steps.append(["at": 1, "op": "churn", "rate": .number(rate), "seconds": .number(seconds)])
        return scenario
    }
}
