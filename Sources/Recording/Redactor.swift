import JSONLite
import KubeModel

/// Takes out of a watch document what a recording shared in a postmortem must not
/// carry (SPEC §6), and keeps everything rollwatch reads, so a redacted recording
/// replays to the same findings as the raw one.
///
/// Removed: `managedFields`; env values and `envFrom`; command and args; probe and
/// hook exec commands (a recognisable `sleep N` survives as exactly that) and HTTP
/// headers; every annotation except the ones rollwatch reads, so never
/// `kubectl.kubernetes.io/last-applied-configuration`.
public struct Redactor: Sendable {

    public init() {}

    /// A watch event, a List, or a bare object.
    public func redact(_ document: JSON) -> JSON {
        guard var top = document.object else { return document }
        if let object = top["object"] {
            top["object"] = redactObject(object)
        } else if let items = top["items"] {
            top["items"] = .array(items.array.map(redactObject))
        } else {
            return redactObject(document)
        }
        return .object(top)
    }

    func redactObject(_ json: JSON) -> JSON {
        guard var object = json.object else { return json }
        if let metadata = object["metadata"] { object["metadata"] = redactMetadata(metadata) }
        if var spec = object["spec"]?.object {
            if spec["containers"] != nil { spec = redactPodSpec(spec) }
            // Workloads carry a pod template.
            if var template = spec["template"]?.object {
                if let metadata = template["metadata"] { template["metadata"] = redactMetadata(metadata) }
                if let podSpec = template["spec"]?.object { template["spec"] = .object(redactPodSpec(podSpec)) }
                spec["template"] = .object(template)
            }
            object["spec"] = .object(spec)
        }
        return .object(object)
    }

    private func redactMetadata(_ json: JSON) -> JSON {
        guard var metadata = json.object else { return json }
        metadata["managedFields"] = nil
        if let annotations = metadata["annotations"]?.object {
            let kept = annotations.members.filter { ObjectMeta.isRead(annotation: $0.key) }
            metadata["annotations"] = .object(JSONObject(kept))
        }
        return .object(metadata)
    }

    private func redactPodSpec(_ spec: JSONObject) -> JSONObject {
        var spec = spec
        for key in ["containers", "initContainers", "ephemeralContainers"] {
            if let containers = spec[key] { spec[key] = .array(containers.array.map(redactContainer)) }
        }
        return spec
    }

    private func redactContainer(_ json: JSON) -> JSON {
        guard var container = json.object else { return json }
        container["command"] = nil
        container["args"] = nil
        container["envFrom"] = nil
        if let env = container["env"] {
            // Names stay (they say what is configured); values and their sources go.
            container["env"] = .array(env.array.map { variable in
                guard let name = variable["name"].string else { return JSON.object(JSONObject()) }
                return ["name": .string(name)]
            })
        }
        for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
            if let handler = container[probe] { container[probe] = redactHandler(handler) }
        }
        if var lifecycle = container["lifecycle"]?.object {
            for hook in ["preStop", "postStart"] {
                if let handler = lifecycle[hook] { lifecycle[hook] = redactHandler(handler) }
            }
            container["lifecycle"] = .object(lifecycle)
        }
        return .object(container)
    }

    /// Probes and hooks: exec commands and HTTP headers can hold secrets.
    private func redactHandler(_ json: JSON) -> JSON {
        guard var handler = json.object else { return json }
        if handler["exec"] != nil {
            let command = handler["exec"]?["command"].array.compactMap(\.string) ?? []
            let sleep = LifecycleHandler.sleepSeconds(in: command)
            let kept: [JSON] = sleep.map { ["sleep", .string(String($0))] } ?? ["<redacted>"]
            handler["exec"] = ["command": .array(kept)]
        }
        if var http = handler["httpGet"]?.object {
            http["httpHeaders"] = nil
            handler["httpGet"] = .object(http)
        }
        return .object(handler)
    }
}
