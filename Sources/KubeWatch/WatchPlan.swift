import JSONLite
import KubeModel

/// Which streams to run for a command line, resolved once against the cluster.
public struct WatchPlan: Sendable, Equatable {
    /// nil: all namespaces (`-A`).
    public var namespace: String?
    public var target: Target?
    /// The Services whose membership is tracked; empty without a target means "all".
    public var services: [String]
    public var endpoints: EndpointsMode
    public var requests: [StreamRequest]

    public init(namespace: String?, target: Target?, services: [String], endpoints: EndpointsMode, requests: [StreamRequest]) {
        self.namespace = namespace
        self.target = target
        self.services = services
        self.endpoints = endpoints
        self.requests = requests
    }
}

public enum EndpointsMode: String, Sendable, CaseIterable {
    /// EndpointSlices, or v1 Endpoints where the API has no discovery.k8s.io/v1.
    case auto
    case slices
    case legacy
}

/// What the user typed that decides the plan.
public struct WatchScope: Sendable, Equatable {
    public var target: Target?
    public var namespace: String?
    public var allNamespaces: Bool
    public var labelSelector: String?
    public var endpoints: EndpointsMode

    public init(target: Target? = nil, namespace: String? = nil, allNamespaces: Bool = false,
                labelSelector: String? = nil, endpoints: EndpointsMode = .auto) {
        self.target = target
        self.namespace = namespace
        self.allNamespaces = allNamespaces
        self.labelSelector = labelSelector
        self.endpoints = endpoints
    }
}

public enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The cluster could not be asked (kubectl missing, unreachable, forbidden): exit 3.
    case cluster(String)
    /// The question makes no sense (no such target, a target without a selector): exit 2.
    case input(String)

    public var description: String {
        switch self {
        case .cluster(let message), .input(let message): return message
        }
    }
}

/// Resolves a scope into streams with a few one-shot kubectl calls: the context's
/// namespace, the target's selector, the Services that select its pods, and whether
/// the cluster serves EndpointSlices.
public struct WatchPlanner {
    public let kubectl: Kubectl

    public init(kubectl: Kubectl) {
        self.kubectl = kubectl
    }

    public func plan(_ scope: WatchScope) throws(PlanError) -> WatchPlan {
        if scope.allNamespaces, let target = scope.target {
            throw .input("a target (\(target)) names one namespace; drop -A or the target")
        }
        let namespace: String?
        if scope.allNamespaces {
            namespace = nil
        } else if let chosen = scope.namespace {
            namespace = chosen
        } else {
            namespace = try contextNamespace()
        }
        var podSelector = scope.labelSelector
        var services: [String] = []
        var workloadRequests: [StreamRequest] = []

        if let target = scope.target, let namespace {
            let object = try fetch(target.kind.resource.collectionPath(namespace: namespace) + "/" + target.name, what: "\(target)")
            switch target.kind {
            case .service:
                let service = Service(json: object)
                guard !service.selector.isEmpty else { throw .input("\(target) has no selector, so it selects no pods") }
                podSelector = combine(service.selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","), podSelector)
                services = [target.name]
            case .deployment, .statefulSet, .daemonSet:
                let workload = Workload(kind: target.kind == .deployment ? .deployment : target.kind == .statefulSet ? .statefulSet : .daemonSet,
                                        json: object)
                guard !workload.selector.isEmpty else { throw .input("\(target) has an empty selector") }
                podSelector = combine(workload.selector.queryString, podSelector)
                services = try servicesSelecting(templateLabels: workload.templateLabels, namespace: namespace)
                workloadRequests.append(StreamRequest(resource: target.kind.resource, namespace: namespace,
                                                      fieldSelector: "metadata.name=\(target.name)"))
                if target.kind == .deployment {
                    workloadRequests.append(StreamRequest(resource: .replicasets, namespace: namespace, labelSelector: workload.selector.queryString))
                }
            }
        } else {
            workloadRequests.append(StreamRequest(resource: .replicasets, namespace: namespace, labelSelector: scope.labelSelector))
        }

        let endpoints = try resolveEndpointsMode(scope.endpoints)
        var requests = [StreamRequest(resource: .pods, namespace: namespace, labelSelector: podSelector)]
        let endpointResource: ResourceKind = endpoints == .legacy ? .endpoints : .endpointslices
        if scope.target == nil {
            requests.append(StreamRequest(resource: endpointResource, namespace: namespace))
        } else if !services.isEmpty {
            if endpointResource == .endpointslices {
                let selector = services.count == 1 ? "\(EndpointSlice.serviceNameLabel)=\(services[0])"
                    : "\(EndpointSlice.serviceNameLabel) in (\(services.joined(separator: ",")))"
                requests.append(StreamRequest(resource: .endpointslices, namespace: namespace, labelSelector: selector))
            } else {
                // v1 Endpoints carry no service label; select by name when there is one.
                requests.append(StreamRequest(resource: .endpoints, namespace: namespace,
                                              fieldSelector: services.count == 1 ? "metadata.name=\(services[0])" : nil))
            }
        }
        requests.append(StreamRequest(resource: .events, namespace: namespace))
        requests += workloadRequests
        return WatchPlan(namespace: namespace, target: scope.target, services: services, endpoints: endpoints, requests: requests)
    }

    /// The pods of another workload (or a Service's), as one stream: the callers and
    /// gateways whose proxies `--access-logs-from` reads. `namespace` nil: the context's.
    public func podsRequest(of target: Target, namespace chosen: String?) throws(PlanError) -> StreamRequest {
        let namespace: String
        if let chosen { namespace = chosen } else { namespace = try contextNamespace() }
        let object = try fetch(target.kind.resource.collectionPath(namespace: namespace) + "/" + target.name, what: "\(target)")
        let selector: String
        switch target.kind {
        case .service:
            let service = Service(json: object)
            guard !service.selector.isEmpty else { throw .input("\(target) has no selector, so it selects no pods") }
            selector = service.selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        case .deployment, .statefulSet, .daemonSet:
            let workload = Workload(kind: target.kind == .deployment ? .deployment : target.kind == .statefulSet ? .statefulSet : .daemonSet,
                                    json: object)
            guard !workload.selector.isEmpty else { throw .input("\(target) has an empty selector") }
            selector = workload.selector.queryString
        }
        return StreamRequest(resource: .pods, namespace: namespace, labelSelector: selector)
    }

    /// The namespace of the kubeconfig's current context, as kubectl itself would use; "default" when unset.
    public func contextNamespace() throws(PlanError) -> String {
        do {
            let output = try kubectl.run(["config", "view", "--minify", "--output", "jsonpath={..namespace}"])
            let namespace = String(decoding: output, as: UTF8.self).trimmingSpaces
            return namespace.isEmpty ? "default" : namespace
        } catch {
            throw .cluster(error.description)
        }
    }

    private func fetch(_ path: String, what: String) throws(PlanError) -> JSON {
        let output: [UInt8]
        do {
            output = try kubectl.run(["get", "--raw", path])
        } catch {
            if error.isNotFound { throw .input("\(what) not found") }
            throw .cluster(error.description)
        }
        do {
            return try JSONParser(skippingKeys: ["managedFields"]).parse(output)
        } catch {
            throw .cluster("kubectl returned unusable JSON for \(what): \(error)")
        }
    }

    private func servicesSelecting(templateLabels: [String: String], namespace: String) throws(PlanError) -> [String] {
        let list = try fetch(ResourceKind.services.collectionPath(namespace: namespace), what: "services")
        return list["items"].array.map(Service.init(json:)).filter { $0.selects(labels: templateLabels) }.map(\.metadata.name).sorted()
    }

    private func resolveEndpointsMode(_ mode: EndpointsMode) throws(PlanError) -> EndpointsMode {
        guard mode == .auto else { return mode }
        do {
            _ = try kubectl.run(["get", "--raw", ResourceKind.endpointslices.apiPrefix])
            return .slices
        } catch {
            if error.isNotFound { return .legacy }
            throw .cluster(error.description)
        }
    }

    private func combine(_ first: String, _ second: String?) -> String {
        guard let second, !second.isEmpty else { return first }
        return first + "," + second
    }
}
