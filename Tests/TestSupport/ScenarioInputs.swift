import JSONLite
import KubeModel
import RolloutCore

extension Scenario {
    /// The watch events a client would receive from this scenario, without a
    /// server: initial objects as ADDED at `base`, each step at `base + at`
    /// (patches merged as the stand-in merges them). For render tests, which need
    /// the seeds' states but not kubectl. Log steps become log inputs, each line read
    /// as the session reads it, `{now-N}` the line's time less N, as the stand-in writes it.
    public func inputs(base: Timestamp) -> [SessionInput] {
        var objects: [String: JSON] = [:]
        var inputs: [SessionInput] = []
        func key(_ resource: String, _ namespace: String, _ name: String) -> String { "\(resource)/\(namespace)/\(name)" }
        func emit(_ type: String, _ resource: ResourceKind, _ object: JSON, _ seconds: Double) {
            let document: JSON = ["type": .string(type), "object": object]
            if let event = try? WatchEvent.decode(document, resource: resource, at: base.adding(seconds: seconds)) {
                inputs.append(.event(event))
            }
        }
        func store(_ object: JSON, at seconds: Double) {
            guard let resource = ResourceKind.forKind(object["kind"].string ?? "") else { return }
            let id = key(resource.rawValue, object["metadata"]["namespace"].string ?? "shop", object["metadata"]["name"].string ?? "")
            let type = objects[id] == nil ? "ADDED" : "MODIFIED"
            objects[id] = object
            emit(type, resource, object, seconds)
        }
        for object in initial { store(object, at: 0) }
        for step in steps {
            let at = step["at"].double ?? 0
            switch step["op"].string {
            case "apply": store(step["object"], at: at)
            case "patch":
                let id = key(step["resource"].string ?? "", step["namespace"].string ?? "shop", step["name"].string ?? "")
                guard let object = objects[id], let resource = ResourceKind(rawValue: step["resource"].string ?? "") else { continue }
                objects[id] = object.merging(step["merge"])
                emit("MODIFIED", resource, objects[id]!, at)
            case "delete":
                let id = key(step["resource"].string ?? "", step["namespace"].string ?? "shop", step["name"].string ?? "")
                guard let object = objects.removeValue(forKey: id), let resource = ResourceKind(rawValue: step["resource"].string ?? "") else { continue }
                emit("DELETED", resource, object, at)
            case "log":
                let source = LogSource(namespace: step["namespace"].string ?? "shop", pod: step["pod"].string ?? "",
                                       container: step["container"].string ?? "")
                // "lines", or one "line", as the stand-in takes them.
                for line in step["lines"].array.compactMap(\.string) + (step["line"].string.map { [$0] } ?? []) {
                    let text = Self.accessLogTimes(line, at: base.adding(seconds: at))
                    inputs.append(.log(LogInput(time: base.adding(seconds: at), source: source, entry: AccessLogParser.parse(text))))
                }
            default: continue
            }
        }
        return inputs.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}

extension Scenario {
    /// `{now-0.8}` → Envoy's START_TIME 0.8 s before `time` (milliseconds, UTC), as `standin.py`'s `access_log_times`.
    static func accessLogTimes(_ text: String, at time: Timestamp) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), rest[open...].hasPrefix("{now"),
              let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let offset = Double(rest[rest.index(open, offsetBy: 4)..<close]) ?? 0
            let milliseconds = (time.adding(seconds: offset).microseconds + 500) / 1000
            result += Timestamp(microseconds: milliseconds * 1000).rfc3339(fractionDigits: 3)
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

extension ResourceKind {
    static func forKind(_ kind: String) -> ResourceKind? {
        switch kind {
        case "Pod": return .pods
        case "EndpointSlice": return .endpointslices
        case "Endpoints": return .endpoints
        case "Event": return .events
        case "Service": return .services
        case "Deployment": return .deployments
        case "ReplicaSet": return .replicasets
        case "StatefulSet": return .statefulsets
        case "DaemonSet": return .daemonsets
        default: return nil
        }
    }
}

extension JSON {
    /// JSON merge patch (RFC 7386), as the stand-in applies it.
    public func merging(_ patch: JSON) -> JSON {
        guard let patchObject = patch.object else { return patch }
        var object = self.object ?? JSONObject()
        for member in patchObject.members {
            if member.value.isNull {
                object[member.key] = nil
            } else {
                object[member.key] = (object[member.key] ?? .null).merging(member.value)
            }
        }
        return .object(object)
    }
}
