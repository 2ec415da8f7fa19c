import JSONLite
import KubeModel
import Recording
import Testing
import TestSupport

/// A list read in pages is recorded a page a line (`"page": N`), and reads back as
/// the same pages; stream lines say the transport. Older lines without either read
/// as they always did.
@Suite struct PagedListRecordingTests {
    static let header = RecordingHeader(created: Timestamp(microseconds: 1_790_000_000_000_000), context: nil, namespace: "shop",
                                        target: nil, kubectl: "kubectl", redacted: true)

    func page(_ names: [String], next: String?) -> JSON {
        var metadata = JSONObject([JSONObject.Member("resourceVersion", "42")])
        if let next { metadata["continue"] = .string(next) }
        return ["kind": "PodList", "apiVersion": "v1", "metadata": .object(metadata),
                "items": .array(names.map { Objects.pod($0, replicaSet: "web-aaa", labels: ["app": "web"]) })]
    }

    @Test func pagesAndTheTransportReadBackAsWritten() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("paged.jsonl")
        let writer = try RecordingWriter(path: path, header: Self.header, replacing: false)
        let time = Timestamp(microseconds: 1_790_000_001_000_000)
        writer.record(StreamNotice(time: time, resource: .pods, kind: .started, detail: "list", transport: "proxy"))
        writer.record(page(["a", "b"], next: "t1"), from: .pods, at: time, page: 1)
        writer.record(page(["c"], next: nil), from: .pods, at: time, page: 2)
        writer.record(page(["d"], next: nil), from: .pods, at: time)
        writer.close()

        var reader = RecordingReader(path: path)
        var inputs: [SessionInput] = []
        try reader.read { inputs.append($0) }
        #expect(reader.warnings.isEmpty)
        guard inputs.count == 4, case .notice(let notice) = inputs[0], case .event(let first) = inputs[1],
              case .event(let second) = inputs[2], case .event(let whole) = inputs[3] else {
            Issue.record("four inputs: \(inputs)")
            return
        }
        #expect(notice.transport == "proxy")
        guard case .listPage(let items, "42", 1, "t1") = first.change, case .listPage(_, "42", 2, nil) = second.change,
              case .replaced(_, "42") = whole.change else {
            Issue.record("page 1 of more, page 2 the last, then a whole list: \(first.change) \(second.change) \(whole.change)")
            return
        }
        #expect(items.count == 2)
        // The page is written before the list, so a reader meets it first.
        let text = try #require(readText(path))
        #expect(text.contains(#""page":1,"ev":{"#))
    }
}
