import JSONLite
import KubeModel
import Synchronization

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
        var injected: [String]?
        return containers.map { container in
            if isInit {
                return container.isNativeSidecar ? .sidecar : .initializer
            }
            if sidecarNames.contains(container.name) { return .sidecar }
            if injected == nil {
                injected = annotations[RoleClassifier.istioStatusAnnotation].map(Self.injectedContainers) ?? []
            }
            return injected!.contains(container.name) ? .sidecar : .app
        }
    }

    /// The containers an Istio status annotation lists (`containers`, its strings). Every
    /// pod of a rollout carries the same annotation text, so the last one read is kept
    /// and compared whole: parsing it again was ~7,000 instructions a pod.
    static func injectedContainers(ofStatus text: String) -> [String] {
        if let known = lastIstioStatus.withLock({ $0?.text == text ? $0?.containers : nil }) { return known }
        let status = try? JSONParser().parse(text)
        let containers = status?["containers"].array.compactMap(\.string) ?? []
        lastIstioStatus.withLock { $0 = (text, containers) }
        return containers
    }

    /// The last Istio status annotation read and what it lists; shared by every store in the process.
    private static let lastIstioStatus = Mutex<(text: String, containers: [String])?>(nil)
}
