import JSONLite
import KubeModel
import Recording
import Testing
import TestSupport

/// The reader scans each line from its bytes; this is what it gave when it parsed
/// the line into a tree and decoded that, and must still give for any line.
@Suite struct RecordingLineDifferentialTests {
    static let header = #"{"rollwatch":"recording","version":1,"created":"2026-11-21T01:27:00.878218Z","redacted":true}"#

    /// The tree decode of one line: an input, nil (skipped quietly), or an error (skipped with a warning).
    static func treeDecode(_ line: [UInt8]) -> Result<SessionInput?, any Error> {
        Result {
            let json = try JSONParser(skippingKeys: ["managedFields"]).parse(line)
            guard let timeText = json["t"].string, let time = Timestamp(rfc3339: timeText) else { throw DecodeError("no receive time") }
            guard let source = json["src"].string, let resource = ResourceKind(rawValue: source) else { return nil }
            if let kindText = json["stream"].string {
                guard let kind = StreamNotice.Kind(rawValue: kindText) else { return nil }
                return .notice(StreamNotice(time: time, resource: resource, kind: kind, detail: json["detail"].string ?? "",
                                            transport: json["transport"].string))
            }
            return .event(try WatchEvent.decode(json["ev"], resource: resource, at: time, page: json["page"].int))
        }
    }

    static func check(lines: [[UInt8]]) throws {
        var expected: [SessionInput] = []
        var malformed = 0
        for line in lines {
            switch treeDecode(line) {
            case .success(let input): if let input { expected.append(input) }
            case .failure: malformed += 1
            }
        }
        var reader = RecordingReader(path: "differential.jsonl")
        var inputs: [SessionInput] = []
        let file = Array(header.utf8) + lines.flatMap { [UInt8(ascii: "\n")] + $0 } + [UInt8(ascii: "\n")]
        try reader.read(bytes: file) { inputs.append($0) }
        #expect(inputs.count == expected.count)
        for (index, pair) in zip(inputs, expected).enumerated() where pair.0 != pair.1 {
            Issue.record("input \(index): \(pair.0) scanned, \(pair.1) from the tree")
            break
        }
        #expect(reader.warnings.isEmpty == (malformed == 0), "\(reader.warnings) for \(malformed) malformed lines")
    }

    @Test func demoRecordingReadsAsTheTreeDecodeRead() throws {
        let demo = try #require(readBytes(Paths.packageRoot + "/Sources/DemoRecording/demo.jsonl"))
        let lines = demo.split(separator: UInt8(ascii: "\n")).dropFirst().map(Array.init)
        #expect(lines.count > 40)
        try Self.check(lines: lines)
    }

    @Test(arguments: [
        // Members in another order, unknown ones, a list page number a newer writer adds.
        #"{"ev":{"type":"ADDED","object":{"metadata":{"name":"p"}}},"src":"pods","t":"2026-11-21T01:27:01Z"}"#,
        #"{"t":"2026-11-21T01:27:01Z","src":"pods","page":3,"ev":{"kind":"PodList","metadata":{"resourceVersion":"5"},"items":[{"metadata":{"name":"a"}}]},"extra":{"x":[1,2]}}"#,
        #"{"src":"endpointslices","ev":{"type":"MODIFIED","object":{"metadata":{"name":"s"},"endpoints":[{"conditions":{"ready":false}}]}},"t":"2026-11-21T01:27:01.5Z"}"#,
        // Stream notices, known and not; a notice line that also has an ev.
        #"{"t":"2026-11-21T01:27:01Z","src":"pods","stream":"ended","detail":"exit 0"}"#,
        #"{"t":"2026-11-21T01:27:01Z","src":"pods","stream":"paused"}"#,
        #"{"t":"2026-11-21T01:27:01Z","src":"pods","ev":{"type":"ADDED"},"stream":"started","detail":"x\u001b[2J"}"#,
        #"{"t":"2026-11-21T01:27:01Z","src":"pods","stream":7,"ev":{"type":"DELETED","object":{"metadata":{"name":"d"}}}}"#,
        // Quietly skipped: a resource this reader does not know.
        #"{"t":"2026-11-21T01:27:01Z","src":"ingresses","ev":{"type":"ADDED","object":{}}}"#,
        // Malformed: no time, a bad time, no ev, an ev of no known shape, broken JSON anywhere.
        #"{"src":"pods","ev":{"type":"ADDED","object":{}}}"#,
        #"{"t":"yesterday","src":"pods","ev":{}}"#,
        #"{"t":"2026-11-21T01:27:01Z","src":"pods"}"#,
        #"{"t":"2026-11-21T01:27:01Z","src":"pods","ev":{"type":"ADDED","object":{}}"#,
        #"{"t":"2026-11-21T01:27:01Z","src":"ingresses","ev":{"type":"ADDED","object":{}}},"#,
        #"{"t":"2026-11-21T01:27:01Z","src":"pods","ev":{"type":"GONE","object":{}}}"#,
        #"[1]"#,
        // managedFields and duplicates at the line's top level.
        #"{"managedFields":[1 2],"t":"2026-11-21T01:27:01Z","t":"x","src":"pods","src":"nodes","ev":{"type":"ADDED","object":{"metadata":{"name":"m"}}}}"#,
    ])
    func unusualLinesReadAsTheTreeDecodeRead(line: String) throws {
        try Self.check(lines: [Array(line.utf8)])
    }
}
