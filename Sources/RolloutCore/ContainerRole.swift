import JSONLite
import KubeModel

/// What a container is for, which decides what its readiness means.
public enum ContainerRole: String, Sendable, Equatable, CaseIterable {
    /// A proxy or agent beside the app: a native sidecar, a known name, or listed by Istio's injector.
    case sidecar
    /// A classic init container that must finish before the app starts.
    case initializer = "init"
    case app
}

/// Decides container roles (SPEC §3).
public struct RoleClassifier: Sendable, Equatable {
    /// Proxies and agents that run beside apps; extended by `--sidecar NAME`.
    public static let knownSidecarNames: Set<String> = [
        "istio-proxy", "linkerd-proxy", "vault-agent", "cloud-sql-proxy", "cloudsql-proxy", "consul-dataplane",
        "consul-connect-envoy-sidecar", "envoy", "envoy-sidecar", "kuma-sidecar", "aws-appmesh-envoy", "oauth2-proxy",
    ]

    /// Istio's injector lists what it added: `{"initContainers":[...],"containers":["istio-proxy"],...}`.
    public static let istioStatusAnnotation = "sidecar.istio.io/status"

    public var sidecarNames: Set<String>

    public init(extraSidecarNames: [String] = []) {
        sidecarNames = RoleClassifier.knownSidecarNames.union(extraSidecarNames)
    }

    public func role(of container: ContainerSpec, isInit: Bool, annotations: [String: String]) -> ContainerRole {
        roles(of: [container], isInit: isInit, annotations: annotations)[0]
    }

    /// The roles of one list of a pod's containers, in order: the Istio status annotation
    /// is parsed once for the list, when a container first needs it, not once a container.
    public func roles(of containers: [ContainerSpec], isInit: Bool, annotations: [String: String]) -> [ContainerRole] {
        var injected: [JSON]?
        return containers.map { container in
            if isInit {
                return container.isNativeSidecar ? .sidecar : .initializer
            }
            if sidecarNames.contains(container.name) { return .sidecar }
            if injected == nil {
                let status = annotations[RoleClassifier.istioStatusAnnotation].flatMap { try? JSONParser().parse($0) }
                injected = status?["containers"].array ?? []
            }
            return injected!.contains(where: { $0.string == container.name }) ? .sidecar : .app
        }
    }
}
