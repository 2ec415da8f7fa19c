import JSONLite
import KubeModel
import Recording
import Runtime
import Testing
import TestSupport

/// Access-log lines are recorded as `"src":"logs"` lines with only what attribution
/// needs, and read back as the same inputs; the raw line only in a raw recording.
@Suite struct LogRecordingTests {
    static func header(redacted: Bool) -> RecordingHeader {
        RecordingHeader(created: Timestamp(microseconds: 1_790_000_000_000_000), context: nil, namespace: "shop",
                        target: nil, kubectl: "kubectl", redacted: redacted)
    }

    static let time = Timestamp(microseconds: 1_790_000_001_250_000)
    static let source = LogSource(namespace: "shop", pod: "checkout-bbb-1", container: "istio-proxy")
    static let entry = AccessLogEntry(start: Timestamp(microseconds: 1_790_000_000_500_000), code: 503, flags: ["URX", "UF"],
                                      details: "upstream_reset_before_response_started{connection_failure}",
                                      upstreamHost: "10.8.0.12:8080", upstreamCluster: "outbound|8080||checkout.shop.svc.cluster.local",
                                      requestID: "r-1", durationMilliseconds: 3)
    static let line = #"[2026-11-21T14:23:12.345Z] "GET /cart?token=SECRET HTTP/1.1" 503 URX,UF - - "-" 0 0 3 - "203.0.113.9" "curl" "r-1" "shop.example" "10.8.0.12:8080" outbound|8080||checkout.shop.svc.cluster.local"#

    func roundTrip(redacted: Bool) throws -> (text: String, inputs: [SessionInput]) {
        let directory = TemporaryDirectory()
        let path = directory.file("logs.jsonl")
        let writer = try RecordingWriter(path: path, header: Self.header(redacted: redacted), replacing: false)
        writer.record(LogInput(time: Self.time, source: Self.source, entry: Self.entry, raw: Self.line))
        writer.record(LogInput(time: Self.time, source: Self.source, entry: nil, raw: "Envoy proxy is ready"))
        writer.close()
        var reader = RecordingReader(path: path)
        var inputs: [SessionInput] = []
        try reader.read { inputs.append($0) }
        #expect(reader.warnings.isEmpty)
        let text = try String(decoding: FileIO.readWholeFile(path, limit: 1 << 20), as: UTF8.self)
        return (text, inputs)
    }

    @Test func entriesAndSkippedLinesReadBackAsWritten() throws {
        let (text, inputs) = try roundTrip(redacted: true)
        #expect(inputs == [
            .log(LogInput(time: Self.time, source: Self.source, entry: Self.entry)),
            .log(LogInput(time: Self.time, source: Self.source, entry: nil)),
        ])
        // Redacted: no path, query, user agent, forwarded-for or authority anywhere in the file.
        for secret in ["SECRET", "/cart", "203.0.113.9", "shop.example", "curl", "Envoy proxy is ready"] {
            #expect(!text.contains(secret), "\(secret)")
        }
        #expect(text.contains(#""src":"logs""#))
    }

    @Test func aRawRecordingKeepsTheLine() throws {
        let (text, inputs) = try roundTrip(redacted: false)
        guard case .log(let first) = inputs.first else {
            Issue.record("a log input: \(inputs)")
            return
        }
        #expect(first.raw == Self.line && first.entry == Self.entry)
        #expect(text.contains("SECRET"))
    }
}
