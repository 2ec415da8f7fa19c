import JSONLite
import KubeModel

extension RecordingWriter {
    /// One line of a followed proxy log (`"src":"logs"`): an access-log entry with only
    /// what attribution needs (`"log"`), or a line that was not one (`"skip"`), so a
    /// replay counts the same lines, entries and skipped lines as the live session.
    /// The line itself (path, query, user agent, forwarded-for, authority) is kept only
    /// in a raw recording (`--record-raw`), as `"raw"`.
    public func record(_ log: LogInput) {
        var body = JSONObject([
            JSONObject.Member("ns", .string(log.source.namespace)),
            JSONObject.Member("pod", .string(log.source.pod)),
            JSONObject.Member("container", .string(log.source.container)),
        ])
        if let entry = log.entry {
            body["start"] = .string(entry.start.rfc3339(fractionDigits: 6))
            body["code"] = .int(entry.code)
            if !entry.flags.isEmpty { body["flags"] = .string(entry.flags.joined(separator: ",")) }
            if let details = entry.details { body["details"] = .string(details) }
            if let host = entry.upstreamHost { body["host"] = .string(host) }
            if let cluster = entry.upstreamCluster { body["cluster"] = .string(cluster) }
            if let id = entry.requestID { body["id"] = .string(id) }
            if let ms = entry.durationMilliseconds { body["ms"] = .int(ms) }
        }
        if !redacted, let raw = log.raw { body["raw"] = .string(raw) }
        write([
            "t": .string(log.time.rfc3339(fractionDigits: 6)),
            "src": "logs",
            log.entry == nil ? "skip" : "log": .object(body),
        ])
    }
}
