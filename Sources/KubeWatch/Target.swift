import KubeModel

/// What the user asked to watch: `deploy/NAME`, `sts/NAME`, `ds/NAME` or `svc/NAME`.
public struct Target: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case deployment
        case statefulSet
        case daemonSet
        case service

        /// The resource that holds the named object.
        public var resource: ResourceKind {
            switch self {
            case .deployment: return .deployments
            case .statefulSet: return .statefulsets
            case .daemonSet: return .daemonsets
            case .service: return .services
            }
        }

        var shortName: String {
            switch self {
            case .deployment: return "deploy"
            case .statefulSet: return "sts"
            case .daemonSet: return "ds"
            case .service: return "svc"
            }
        }
    }

    public var kind: Kind
    public var name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// Parses the forms kubectl accepts: `deploy/x`, `deployment/x`, `deployments/x`,
    /// `deployment.apps/x`, and likewise for the others.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, !parts[1].contains("/") else { return nil }
        let lowered = parts[0].lowercased()
        let type = lowered.hasSuffix(".apps") ? String(lowered.dropLast(5)) : lowered
        let kinds: [String: Kind] = [
            "deploy": .deployment, "deployment": .deployment, "deployments": .deployment,
            "sts": .statefulSet, "statefulset": .statefulSet, "statefulsets": .statefulSet,
            "ds": .daemonSet, "daemonset": .daemonSet, "daemonsets": .daemonSet,
            "svc": .service, "service": .service, "services": .service,
        ]
        guard let kind = kinds[type] else { return nil }
        self.init(kind: kind, name: String(parts[1]))
    }

    public var description: String { "\(kind.shortName)/\(name)" }
}
