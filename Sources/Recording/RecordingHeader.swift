import JSONLite
import KubeModel

/// Line 1 of a recording (SPEC §6): what was watched, where, and whether it was redacted.
public struct RecordingHeader: Sendable, Equatable {
    public static let currentVersion = 1

    public var version: Int
    public var created: Timestamp
    public var context: String?
    public var namespace: String?
    public var target: String?
    /// The kubectl binary that produced the streams.
    public var kubectl: String?
    public var redacted: Bool

    public init(version: Int = RecordingHeader.currentVersion, created: Timestamp, context: String?, namespace: String?,
                target: String?, kubectl: String?, redacted: Bool) {
        self.version = version
        self.created = created
        self.context = context
        self.namespace = namespace
        self.target = target
        self.kubectl = kubectl
        self.redacted = redacted
    }

    public var json: JSON {
        [
            "rollwatch": "recording",
            "version": .int(version),
            "created": .string(created.rfc3339(fractionDigits: 6)),
            "context": .optional(context),
            "namespace": .optional(namespace),
            "target": .optional(target),
            "kubectl": .optional(kubectl),
            "redacted": .bool(redacted),
        ]
    }

    /// Reads a header line; `path` only names the file in errors.
    public init(json: JSON, path: String) throws(RecordingError) {
        guard json["rollwatch"].string == "recording" else {
            throw .notARecording(path: path, reason: "line 1 has no \"rollwatch\":\"recording\" header")
        }
        guard let version = json["version"].int else { throw .notARecording(path: path, reason: "the header has no version") }
        guard version == RecordingHeader.currentVersion else { throw .unsupportedVersion(path: path, version: version) }
        self.version = version
        created = json["created"].string.flatMap(Timestamp.init(rfc3339:)) ?? Timestamp(microseconds: 0)
        // A recording is input like the cluster: what the header says is shown (the
        // view's header bar, a report's source), so it is made terminal-safe here, once.
        context = json["context"].string?.sanitizedForTerminal
        namespace = json["namespace"].string?.sanitizedForTerminal
        target = json["target"].string?.sanitizedForTerminal
        kubectl = json["kubectl"].string?.sanitizedForTerminal
        redacted = json["redacted"].bool ?? true
    }
}
