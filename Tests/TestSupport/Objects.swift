import JSONLite

/// Builders for the Kubernetes objects scenarios are made of, shaped like what a
/// real API server returns (only the fields rollwatch or the stand-in reads).
public enum Objects {
    public static func meta(_ name: String, namespace: String = "shop", labels: [String: String] = [:],
                            annotations: [String: String] = [:], owner: (kind: String, name: String)? = nil,
                            uid: String? = nil, extra: [String: JSON] = [:]) -> JSON {
        var members: [JSONObject.Member] = [.init("name", .string(name)), .init("namespace", .string(namespace))]
        if let uid { members.append(.init("uid", .string(uid))) }
        if !labels.isEmpty { members.append(.init("labels", map(labels))) }
        if !annotations.isEmpty { members.append(.init("annotations", map(annotations))) }
        if let owner {
            members.append(.init("ownerReferences", [["kind": .string(owner.kind), "name": .string(owner.name), "controller": true]]))
        }
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) { members.append(.init(key, value)) }
        return .object(JSONObject(members))
    }

    public static func map(_ values: [String: String]) -> JSON {
        .object(JSONObject(values.sorted { $0.key < $1.key }.map { JSONObject.Member($0.key, .string($0.value)) }))
    }

    public static func deployment(_ name: String, labels: [String: String], minReadySeconds: Int = 0) -> JSON {
        ["kind": "Deployment", "metadata": meta(name, extra: ["generation": 2]),
         "spec": ["selector": ["matchLabels": map(labels)], "minReadySeconds": .int(minReadySeconds),
                  "template": ["metadata": ["labels": map(labels)]]]]
    }

    public static func replicaSet(_ name: String, deployment: String, revision: Int, labels: [String: String]) -> JSON {
        ["kind": "ReplicaSet",
         "metadata": meta(name, labels: labels, annotations: ["deployment.kubernetes.io/revision": String(revision)],
                          owner: ("Deployment", deployment))]
    }

    public static func service(_ name: String, selector: [String: String]) -> JSON {
        ["kind": "Service", "metadata": meta(name), "spec": ["selector": map(selector)]]
    }

    /// A container status: running (and ready or not), waiting, or terminated.
    public static func containerStatus(_ name: String, state: String = "running", ready: Bool = true, restarts: Int = 0,
                                       reason: String? = nil) -> JSON {
        let stateJSON: JSON
        switch state {
        case "running": stateJSON = ["running": ["startedAt": "2026-11-21T10:00:00Z"]]
        case "terminated": stateJSON = ["terminated": ["exitCode": 0, "reason": .string(reason ?? "Completed")]]
        default: stateJSON = ["waiting": ["reason": .string(reason ?? "ContainerCreating")]]
        }
        return ["name": .string(name), "ready": .bool(ready), "restartCount": .int(restarts), "state": stateJSON]
    }

    public static func condition(_ type: String, _ status: Bool, reason: String? = nil) -> JSON {
        var object = JSONObject([.init("type", .string(type)), .init("status", .string(status ? "True" : "False"))])
        if let reason { object["reason"] = .string(reason) }
        return .object(object)
    }

    /// A pod of ReplicaSet `replicaSet`; `containers` are (name, ready) pairs, all running.
    public static func pod(_ name: String, replicaSet: String, labels: [String: String], phase: String = "Running",
                           ready: Bool = true, containers: [JSON] = [["name": "app", "readinessProbe": ["httpGet": ["port": 8080]]]],
                           statuses: [JSON]? = nil, initContainers: [JSON] = [], initStatuses: [JSON] = [],
                           annotations: [String: String] = [:], gates: [JSON] = [], extraConditions: [JSON] = [],
                           ip: String? = nil) -> JSON {
        let hash = String(replicaSet.split(separator: "-").last ?? "")
        let statusList = statuses ?? containers.map { containerStatus($0["name"].string ?? "", ready: ready) }
        var spec = JSONObject([.init("containers", .array(containers))])
        if !initContainers.isEmpty { spec["initContainers"] = .array(initContainers) }
        if !gates.isEmpty { spec["readinessGates"] = .array(gates.map { ["conditionType": $0] }) }
        var status = JSONObject([.init("phase", .string(phase)),
                                 .init("conditions", .array([condition("Ready", ready)] + extraConditions)),
                                 .init("containerStatuses", .array(statusList))])
        if !initStatuses.isEmpty { status["initContainerStatuses"] = .array(initStatuses) }
        if let ip { status["podIP"] = .string(ip) }
        return ["kind": "Pod",
                "metadata": meta(name, labels: labels.merging(["pod-template-hash": hash]) { $1 }, annotations: annotations,
                                 owner: ("ReplicaSet", replicaSet), uid: "uid-\(name)"),
                "spec": .object(spec), "status": .object(status)]
    }

    /// An EndpointSlice of `service`; endpoints are (pod, ready, serving, terminating).
    public static func endpointSlice(_ name: String, service: String,
                                     endpoints: [(pod: String, ready: Bool, serving: Bool, terminating: Bool)]) -> JSON {
        ["kind": "EndpointSlice", "addressType": "IPv4",
         "metadata": meta(name, labels: ["kubernetes.io/service-name": service]),
         "endpoints": .array(endpoints.enumerated().map { index, endpoint in
             ["addresses": [.string("10.1.\(index / 250).\(index % 250 + 1)")],
              "conditions": ["ready": .bool(endpoint.ready), "serving": .bool(endpoint.serving), "terminating": .bool(endpoint.terminating)],
              "targetRef": ["kind": "Pod", "namespace": "shop", "name": .string(endpoint.pod)]]
         })]
    }

    public static func event(_ name: String, pod: String, reason: String, message: String, type: String = "Normal",
                             count: Int = 1, source: String = "kubelet") -> JSON {
        ["kind": "Event", "metadata": meta(name, uid: "uid-\(name)"),
         "involvedObject": ["kind": "Pod", "namespace": "shop", "name": .string(pod)],
         "reason": .string(reason), "message": .string(message), "type": .string(type), "count": .int(count),
         "source": ["component": .string(source)]]
    }
}

/// A scenario for the stand-in: objects present at start, timed steps, and how
/// often the server ends every watch.
public struct Scenario: Sendable {
    public var initial: [JSON] = []
    public var steps: [JSON] = []
    public var watchSeconds: Double = 0
    public var disabled: [String] = []

    public init(watchSeconds: Double = 0) {
        self.watchSeconds = watchSeconds
    }

    public mutating func apply(_ object: JSON, at seconds: Double) {
        steps.append(["at": .number(seconds), "op": "apply", "object": object])
    }

    public mutating func patch(_ resource: String, _ name: String, at seconds: Double, merge: JSON) {
        steps.append(["at": .number(seconds), "op": "patch", "resource": .string(resource), "namespace": "shop",
                      "name": .string(name), "merge": merge])
    }

    public mutating func delete(_ resource: String, _ name: String, at seconds: Double) {
        steps.append(["at": .number(seconds), "op": "delete", "resource": .string(resource), "namespace": "shop", "name": .string(name)])
    }

    /// Forgets the server's history: open watches get 410 Expired.
    public mutating func compact(at seconds: Double) {
        steps.append(["at": .number(seconds), "op": "compact"])
    }

    public var json: JSON {
        ["initial": .array(initial), "steps": .array(steps), "watchSeconds": .number(watchSeconds),
         "disable": .array(disabled.map(JSON.string))]
    }
}

extension JSON {
    /// A copy with the value at `path` replaced (objects created as needed).
    public func setting(_ path: [String], to value: JSON) -> JSON {
        guard let key = path.first else { return value }
        var object = self.object ?? JSONObject()
        object[key] = (object[key] ?? .null).setting(Array(path.dropFirst()), to: value)
        return .object(object)
    }
}
