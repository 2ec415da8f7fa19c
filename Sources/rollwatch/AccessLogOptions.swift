import ArgumentParser
import KubeWatch
import Session

/// `--access-logs` and its companions, shared by the view, `report` and `record`.
struct AccessLogOptions: ParsableArguments {
    @Flag(name: .customLong("access-logs"), help: "Follow the proxy log (istio-proxy) of every watched pod and count the requests each race broke.")
    var enabled = false

    @Option(name: .customLong("access-logs-from"),
            help: ArgumentHelp("Also follow the proxies of this workload's pods, callers or gateways ([NAMESPACE/]KIND/NAME, repeatable; implies --access-logs).",
                               valueName: "workload"))
    var callers: [String] = []

    @Option(name: .customLong("access-log-container"), help: ArgumentHelp("The proxy container whose log is read.", valueName: "name"))
    var container = AccessLogSettings.defaultContainer

    @Option(name: .customLong("max-log-streams"), help: ArgumentHelp("Follow at most this many logs at once; the rest wait, and the status line says so.", valueName: "n"))
    var maximumStreams = AccessLogSettings.defaultMaximumStreams

    func validate() throws {
        guard maximumStreams >= 1 else { throw ValidationError("--max-log-streams must be at least 1") }
        for caller in callers where Self.parse(caller) == nil {
            throw ValidationError("--access-logs-from '\(caller)': expected [NAMESPACE/]KIND/NAME, e.g. istio-system/deploy/istio-ingressgateway")
        }
    }

    /// The settings for a session, the callers' pods asked of the cluster now; nil when not asked for.
    func settings(kubectl: Kubectl, namespace: String?, keepsRawLines: Bool) throws -> AccessLogSettings? {
        guard enabled || !callers.isEmpty else { return nil }
        let planner = WatchPlanner(kubectl: kubectl)
        var requests: [StreamRequest] = []
        for caller in callers {
            let (callerNamespace, target) = Self.parse(caller)!
            do {
                requests.append(try planner.podsRequest(of: target, namespace: callerNamespace ?? namespace))
            } catch {
                switch error {
                case .cluster(let message): throw Failure.cluster("--access-logs-from \(caller): \(message)")
                case .input(let message): throw Failure.usage("--access-logs-from \(caller): \(message)")
                }
            }
        }
        return AccessLogSettings(container: container, callers: requests, maximumStreams: maximumStreams, keepsRawLines: keepsRawLines)
    }

    /// `istio-system/deploy/istio-ingressgateway` or `deploy/istio-ingressgateway`.
    static func parse(_ text: String) -> (namespace: String?, target: Target)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 2: return Target(parsing: text).map { (nil, $0) }
        case 3 where !parts[0].isEmpty: return Target(parsing: parts[1...].joined(separator: "/")).map { (String(parts[0]), $0) }
        default: return nil
        }
    }
}
