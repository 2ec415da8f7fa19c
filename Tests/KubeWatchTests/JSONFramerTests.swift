import Testing
@testable import KubeWatch

struct JSONFramerTests {
    /// Feeds `input` in chunks of `size` bytes and collects every frame, then finish().
    func frames(_ input: String, chunk size: Int, maximum: Int = 1 << 20) -> [JSONFramer.Frame] {
        var framer = JSONFramer(maximumFrameSize: maximum)
        var result: [JSONFramer.Frame] = []
        let bytes = Array(input.utf8)
        var offset = 0
        while offset < bytes.count {
            framer.append(bytes[offset..<min(offset + size, bytes.count)])
            while let frame = framer.next() { result.append(frame) }
            offset += size
        }
        if let last = framer.finish() { result.append(last) }
        return result
    }

    func documents(_ frames: [JSONFramer.Frame]) -> [String] {
        frames.compactMap { if case .document(let bytes) = $0 { return String(decoding: bytes, as: UTF8.self) } else { return nil } }
    }

    static let compact = """
        {"type":"ADDED","object":{"metadata":{"name":"a}"}}}
        {"type":"MODIFIED","object":{"metadata":{"name":"b\\"{"}}}
        {"type":"DELETED","object":{"metadata":{"name":"[c]"}}}

        """

    /// What plain `kubectl get -w -o json` prints: indented objects, back to back.
    static let indented = """
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": "a",
                "annotations": {"note": "braces } and { in strings"}
            }
        }
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "b"}
        }

        """

    @Test func compactWatchEventsAtEverySplitPoint() {
        for size in 1...24 {
            let found = documents(frames(Self.compact, chunk: size))
            #expect(found.count == 3, "chunk size \(size)")
            #expect(found.first == #"{"type":"ADDED","object":{"metadata":{"name":"a}"}}}"#)
            #expect(found.last == #"{"type":"DELETED","object":{"metadata":{"name":"[c]"}}}"#)
        }
    }

    @Test func indentedMultiLineObjectsAtEverySplitPoint() {
        for size in [1, 2, 3, 7, 16, 64, 4096] {
            let found = documents(frames(Self.indented, chunk: size))
            #expect(found.count == 2, "chunk size \(size)")
            #expect(found.first?.hasSuffix("}\n}") == true)
        }
    }

    @Test func strayTextIsReportedAndSkipped() {
        let found = frames("W1121 warning from a plugin\n{\"a\":1}\n", chunk: 5)
        #expect(found.count == 2)
        guard case .malformed(let reason) = found[0] else { Issue.record("expected malformed"); return }
        #expect(reason.contains("W1121 warning"))
        #expect(documents(found) == [#"{"a":1}"#])
    }

    @Test func aCutDocumentIsReportedAtTheEnd() {
        let found = frames(#"{"a":1}{"b":[1,2"#, chunk: 3)
        #expect(documents(found) == [#"{"a":1}"#])
        guard case .malformed(let reason) = found.last else { Issue.record("expected malformed"); return }
        #expect(reason.contains("ended inside a document"))
    }

    @Test func oversizedDocumentsAreDroppedWithoutHoldingMemory() {
        let big = "{\"pad\":\"" + String(repeating: "x", count: 300_000) + "\"}"
        var framer = JSONFramer(maximumFrameSize: 1000)
        var results: [JSONFramer.Frame] = []
        var peak = 0
        for chunk in Array((big + "\n{\"small\":true}\n").utf8).chunked(4096) {
            framer.append(chunk)
            peak = max(peak, framer.bufferedByteCount)
            while let frame = framer.next() { results.append(frame) }
        }
        #expect(peak < 80_000, "an oversized document must not be buffered whole")
        guard case .malformed(let reason) = results.first else { Issue.record("expected malformed"); return }
        #expect(reason.contains("larger than"))
        #expect(documents(results) == [#"{"small":true}"#])
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
