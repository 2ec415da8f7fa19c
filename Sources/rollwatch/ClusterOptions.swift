import ArgumentParser
import KubeWatch

/// The flags that pick the cluster and what to watch in it, passed through to kubectl.
struct ClusterOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Namespace (default: the kubeconfig context's, as for kubectl).")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Watch every namespace.")
    var allNamespaces = false

    @Option(name: [.short, .customLong("selector")], help: "Label selector for pods, as kubectl -l.")
    var selector: String?

    @Option(help: "kubeconfig context to use.")
    var context: String?

    @Option(help: "Path to the kubeconfig file (KUBECONFIG is honoured too).")
    var kubeconfig: String?

    @Option(help: ArgumentHelp("The kubectl binary (default: ROLLWATCH_KUBECTL, else kubectl on PATH).", valueName: "path"))
    var kubectl: String?

    @Option(help: "Endpoint source: auto (EndpointSlices, else v1 Endpoints), slices, or legacy (v1 Endpoints).")
    var endpoints: EndpointsMode = .auto

    @Option(help: ArgumentHelp("How streams reach the cluster: auto (one kubectl proxy, else kubectl per request), proxy, or exec (kubectl get --raw per request). Default: ROLLWATCH_TRANSPORT, else auto.", valueName: "mode"))
    var transport: TransportMode?

    /// The transport asked for: the flag, else ROLLWATCH_TRANSPORT, else auto.
    var transportMode: TransportMode {
        transport ?? environment("ROLLWATCH_TRANSPORT").flatMap(TransportMode.init(rawValue:)) ?? .auto
    }

    func makeKubectl() -> Kubectl {
        Kubectl(executable: kubectl ?? environment("ROLLWATCH_KUBECTL") ?? "kubectl", context: context, kubeconfig: kubeconfig)
    }

    /// Asks the cluster what to watch for `target`: its namespace, selector, Services and streams.
    func plan(target: Target?, kubectl: Kubectl) throws -> WatchPlan {
        let scope = WatchScope(target: target, namespace: namespace, allNamespaces: allNamespaces, labelSelector: selector,
                               endpoints: endpoints)
        do {
            return try WatchPlanner(kubectl: kubectl).plan(scope)
        } catch {
            switch error {
            case .cluster(let message): throw Failure.cluster(message)
            case .input(let message): throw Failure.usage(message)
            }
        }
    }

    func validate() throws {
        if allNamespaces, namespace != nil { throw ValidationError("-n and -A cannot be used together") }
    }
}

extension EndpointsMode: ExpressibleByArgument {}
extension TransportMode: ExpressibleByArgument {}
