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

    /// The demo recording's lines with their members sorted at every level (`jq -S`,
    /// Python's `sort_keys`): each line's `ev` before its `src`, each event's `object`
    /// before its `type`; compact, and with a space after every colon.
    static func sortedDemoLines() throws -> [[UInt8]] {
        let demo = try #require(readBytes(Paths.packageRoot + "/Sources/DemoRecording/demo.jsonl"))
        return try demo.split(separator: UInt8(ascii: "\n")).dropFirst().flatMap { line -> [[UInt8]] in
            let sorted = try JSONParser(skippingKeys: ["managedFields"]).parse(Array(line)).withSortedMembers
            return [Array(sorted.serialized().utf8), Array(sorted.prettySerialized(indent: "", level: 0).utf8).filter { $0 != UInt8(ascii: "\n") }]
        }
    }

    /// The demo recording's lines with only their `ev` moved first: the event itself in
    /// the order kubectl prints it (`type` before `object`).
    static func eventFirstDemoLines() throws -> [[UInt8]] {
        let demo = try #require(readBytes(Paths.packageRoot + "/Sources/DemoRecording/demo.jsonl"))
        return try demo.split(separator: UInt8(ascii: "\n")).dropFirst().compactMap { line -> [UInt8]? in
            guard let members = try JSONParser(skippingKeys: ["managedFields"]).parse(Array(line)).object?.members,
                  let event = members.first(where: { $0.key == "ev" }) else { return nil }
            return Array(JSON.object(JSONObject([event] + members.filter { $0.key != "ev" })).serialized().utf8)
        }
    }

    @Test func sortedLinesReadAsTheTreeDecodeRead() throws {
        let lines = try Self.sortedDemoLines()
        #expect(lines.contains { String(decoding: $0, as: UTF8.self).hasPrefix(#"{"ev":{"object":"#) })
        try Self.check(lines: lines)
        try Self.check(lines: try Self.eventFirstDemoLines())
    }

    /// `line` as a line whose `ev` is not read: of a resource this reader does not know,
    /// or with no receive time.
    static func unread(_ line: [UInt8]) throws -> [[UInt8]] {
        guard let members = try JSONParser().parse(line).object?.members else { return [] }
        let unknown = members.map { $0.key == "src" ? JSONObject.Member("src", "ingresses") : $0 }
        let timeless = members.filter { $0.key != "t" }
        return [unknown, timeless].map { Array(JSON.object(JSONObject($0)).serialized().utf8) }
    }

    /// Sorted lines, and lines with only their `ev` first, cut short and with bytes replaced
    /// inside their `ev` (passed by its brackets, then read or, when the line says not to,
    /// checked) and after it: each read as the tree reads it, and a line whose `ev` holds
    /// the first fault skipped with that fault's words, as when the `ev` was checked where
    /// it was met.
    @Test func sortedLinesFailAtTheirFirstFault() throws {
        let read = try (Self.sortedDemoLines() + Self.eventFirstDemoLines())
            .filter { $0.count < 1500 && String(decoding: $0, as: UTF8.self).hasPrefix(#"{"ev":"#) }
        // A list page, its items read where they are met, ahead of the line's `src` and `page`.
        let page = #"{"ev":{"items":[{"metadata":{"name":"a","labels":{"app":"x"}},"status":{"phase":"Running","podIP":"10.0.0.1"}},{"metadata":{"name":"b"},"spec":{"containers":[{"name":"c","readinessProbe":{"httpGet":{"port":8080}}}]}}],"kind":"PodList","metadata":{"continue":"next","resourceVersion":"5"}},"page":1,"src":"pods","t":"2026-11-21T01:27:01Z"}"#
        let lines = try read + read.prefix(8).flatMap(Self.unread) + [Array(page.utf8)]
        #expect(read.count > 10)
        let replacements: [UInt8] = Array("\"\\{}[],: 0-eEn\u{7F}".utf8) + [0x00, 0x1F, 0xFF]
        var faultsInEvent = 0
        for (index, line) in lines.enumerated() {
            let eventStart = 6
            let eventEnd = line.withUnsafeBytes { raw in
                var scanner = JSONScanner(bytes: raw, skippingKeys: ["managedFields"])
                scanner.advance(pastRecognized: eventStart)
                try? scanner.skipValue()
                return scanner.index
            }
            var mutants: [[UInt8]] = []
            for position in stride(from: index % 3, to: line.count, by: 3) {
                mutants.append(Array(line.prefix(position + 1)))
                var mutant = line
                mutant[position] = replacements[(position / 3) % replacements.count]
                mutants.append(mutant)
            }
            for mutant in mutants {
                try Self.check(lines: [mutant])
                guard let fault = firstFault(of: mutant), fault.offset >= eventStart, fault.offset < eventEnd else { continue }
                faultsInEvent += 1
                var reader = RecordingReader(path: "sorted.jsonl")
                try reader.read(bytes: Array(Self.header.utf8) + [UInt8(ascii: "\n")] + mutant + [UInt8(ascii: "\n")]) { _ in }
                #expect(reader.warnings == ["line 2 skipped: \(fault)"], "\(String(decoding: mutant, as: UTF8.self))")
            }
        }
        #expect(faultsInEvent > 1_000)
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
