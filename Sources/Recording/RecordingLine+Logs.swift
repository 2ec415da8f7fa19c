import JSONLite
import KubeModel

/// The `"log"` or `"skip"` member of a `"src":"logs"` line (see
/// `RecordingWriter.record(_: LogInput)`), read from its bytes. Unknown members are
/// skipped, as everywhere in a recording; strings are made terminal-safe again on
/// the way in, since a recording is a file anyone could have edited.
struct ScannedLogLine {
    static let source = "logs"

    var isEntry: Bool
    var namespace: String?
    var pod: String?
    var container: String?
    var start: Timestamp?
    var code: Int?
    var flags: String?
    var details: String?
    var host: String?
    var cluster: String?
    var id: String?
    var milliseconds: Int?
    var raw: String?

    static func scan(_ scanner: inout JSONScanner, isEntry: Bool) throws -> ScannedLogLine {
        var line = ScannedLogLine(isEntry: isEntry)
        guard try scanner.enterObjectIfPresent() else {
            try scanner.skipValue()
            return line
        }
        while let key = try scanner.nextKey() {
            switch key {
            case "ns": line.namespace = try scanner.string()
            case "pod": line.pod = try scanner.string()
            case "container": line.container = try scanner.string()
            case "start": line.start = try scanner.withStringBytes { Timestamp(rfc3339Bytes: $0) }
            case "code": line.code = try scanner.int()
            case "flags": line.flags = try scanner.string()
            case "details": line.details = try scanner.string()
            case "host": line.host = try scanner.string()
            case "cluster": line.cluster = try scanner.string()
            case "id": line.id = try scanner.string()
            case "ms": line.milliseconds = try scanner.int()
            case "raw": line.raw = try scanner.string()
            default: try scanner.skipValue()
            }
        }
        return line
    }

    func input(at time: Timestamp) throws -> LogInput {
        guard let namespace, let pod, let container else { throw DecodeError("a logs line without ns, pod and container") }
        let source = LogSource(namespace: namespace.sanitizedForTerminal, pod: pod.sanitizedForTerminal,
                               container: container.sanitizedForTerminal)
        var entry: AccessLogEntry?
        if isEntry {
            guard let start, let code else { throw DecodeError("a logs entry without start and code") }
            entry = AccessLogEntry(start: start, code: code,
                                   flags: (flags ?? "").split(separator: ",").map { String($0).sanitizedForTerminal },
                                   details: details?.sanitizedForTerminal, upstreamHost: host?.sanitizedForTerminal,
                                   upstreamCluster: cluster?.sanitizedForTerminal, requestID: id?.sanitizedForTerminal,
                                   durationMilliseconds: milliseconds)
        }
        return LogInput(time: time, source: source, entry: entry, raw: raw?.sanitizedForTerminal)
    }
}
