import JSONLite

extension Scenario {
    /// The container writes `lines` at `seconds`, all at one instant (one kubelet stamp).
    public mutating func log(_ lines: [String], pod: String, container: String, at seconds: Double, namespace: String = "shop") {
        steps.append(["at": .number(seconds), "op": "log", "namespace": .string(namespace), "pod": .string(pod),
                      "container": .string(container), "lines": .array(lines.map(JSON.string))])
    }

    /// Every open log follow ends at `seconds`, cleanly, as a kubelet's or a proxy's may.
    public mutating func endLogs(at seconds: Double) {
        steps.append(["at": .number(seconds), "op": "endLogs"])
    }
}
