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

/// `20s`, `1m30s`, `2m`, `500ms`, `1h`, or plain seconds.
struct Duration: ExpressibleByArgument, Equatable {
    var seconds: Double

    init(seconds: Double) {
        self.seconds = seconds
    }

    init?(argument: String) {
        if let plain = Double(argument) {
            guard plain > 0 else { return nil }
            seconds = plain
            return
        }
        var total = 0.0
        var number = ""
        var rest = Substring(argument)
        while let character = rest.first {
            if character.isNumber || character == "." {
                number.append(character)
                rest.removeFirst()
                continue
            }
            let unit: Double
            if rest.hasPrefix("ms") { unit = 0.001; rest.removeFirst(2) }
            else if rest.hasPrefix("h") { unit = 3600; rest.removeFirst() }
            else if rest.hasPrefix("m") { unit = 60; rest.removeFirst() }
            else if rest.hasPrefix("s") { unit = 1; rest.removeFirst() }
            else { return nil }
            guard let value = Double(number) else { return nil }
            total += value * unit
            number = ""
        }
        guard number.isEmpty, total > 0 else { return nil }
        seconds = total
    }
}

extension Duration {
    /// As a user would write it: `90s` → `1m30s`.
    var text: String {
        let whole = Int(seconds.rounded())
        guard seconds >= 1, Double(whole) == seconds else { return "\(seconds)s" }
        var parts = ""
        if whole >= 3600 { parts += "\(whole / 3600)h" }
        if whole % 3600 >= 60 { parts += "\(whole % 3600 / 60)m" }
        if whole % 60 > 0 || parts.isEmpty { parts += "\(whole % 60)s" }
        return parts
    }
}
