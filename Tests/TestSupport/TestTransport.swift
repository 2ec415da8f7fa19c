/// The transport an end-to-end run uses, as rollwatch itself reads it
/// (`ROLLWATCH_TRANSPORT`: `make test` runs the end-to-end suite once with the
/// default, the session's one kubectl proxy, and once with `exec`, kubectl per
/// request), and what tests that look at kubectl processes expect of each.
public enum TestTransport {
    public static var usesProxy: Bool { Environment.value("ROLLWATCH_TRANSPORT") != "exec" }

    /// The kubectl processes of a session streaming `streams` resources: the one
    /// proxy, or one kubectl per open stream.
    public static func streamingKubectls(_ streams: Int) -> Int { usesProxy ? 1 : streams }

    /// The kubectl a pods watch runs through: the proxy, or the watch's own kubectl.
    public static func podsWatchCarriers(kubeconfig: String) -> [Int32] {
        Processes.matching { arguments in
            guard arguments.contains(kubeconfig) else { return false }
            return usesProxy ? arguments.contains("proxy") && arguments.contains("--unix-socket")
                : arguments.contains { $0.contains("/pods?watch=1&resourceVersion=") }
        }
    }
}
