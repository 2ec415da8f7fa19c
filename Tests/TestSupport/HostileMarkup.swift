import JSONLite

/// Strings that try to become markup in an HTML page or a Markdown document, where a
/// user with deploy rights can set them: a pod's name, a container's name, state reason
/// and message, and an event message (issue 16). The pod's probe fails five times, so a
/// `probe-failures` finding quotes the event message in its evidence.
public enum HostileMarkup {
    public static let payload = [
        "<script>document.title='pwned'</script>", "<img src=\"http://tracker.example/p.gif\" onerror=alert(2)>",
        "</style><style>body{display:none}</style>", "\"><svg onload=alert(3)>", "<a href=\"javascript:alert(4)\">click</a>",
        "'><iframe src=javascript:alert(5)>", "[y](javascript:alert(6))", "a|b *bold* `code` ~~s~~",
    ].joined(separator: " ")
    public static let podName = "web-aaa-<b>x</b>|y"
    public static let containerName = "app\"><svg onload=alert(7)>"

    public static func scenario() -> Scenario {
        let labels = ["app": "web"]
        var scenario = Scenario()
        scenario.initial = [
            Objects.deployment("web", labels: labels),
            Objects.replicaSet("web-aaa", deployment: "web", revision: 1, labels: labels),
            Objects.pod(podName, replicaSet: "web-aaa", labels: labels, ready: false,
                        containers: [["name": .string(containerName)]],
                        statuses: [["name": .string(containerName), "ready": false, "restartCount": 2,
                                    "state": ["waiting": ["reason": .string("CrashLoop" + payload), "message": .string(payload)]]]]),
        ]
        scenario.apply(Objects.event("web-aaa-x.1", pod: podName, reason: "Unhealthy", message: "Readiness probe failed: " + payload,
                                     type: "Warning", count: 5), at: 0.2)
        return scenario
    }
}
