import JSONLite
import KubeModel
import Recording
import Testing
import TestSupport

/// A file is decoded on a worker thread (`DecodingPipeline`) and its inputs handed back in
/// batches; the bytes in memory are read on the caller's thread alone. The two must give
/// the same inputs in the same order and the same warnings, over many batches, with
/// malformed lines between them and a cut last line.
@Suite struct PipelinedReadTests {
    @Test func aFileReadsAsItsBytesDo() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("many.jsonl")
        let events = (0..<2_000).map { RecordingRoundTripTests.podEvent("p\($0 % 97)", at: Int64($0), ready: $0 % 3 == 0) }
        try RecordingRoundTripTests().write(path, events: events)
        var lines = String(decoding: try #require(readBytes(path)), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        // Malformed lines at batch edges and between them, then a last line cut mid-way.
        for at in [700, 300, 129, 65, 64] { lines.insert("{\"t\":", at: at) }
        if lines.last == "" { lines.removeLast() }
        let cut = lines.joined(separator: "\n") + "\n" + String(lines[10].prefix(40))
        directory.write("many.jsonl", cut)

        var fromFile = RecordingReader(path: path)
        var fileInputs: [SessionInput] = []
        try fromFile.read { fileInputs.append($0) }
        var fromBytes = RecordingReader(path: path)
        var byteInputs: [SessionInput] = []
        try fromBytes.read(bytes: Array(cut.utf8)) { byteInputs.append($0) }

        #expect(fileInputs.count == 2_001, "the notice and every event")
        #expect(fileInputs == byteInputs)
        #expect(fromFile.warnings == fromBytes.warnings)
        #expect(fromFile.warnings.count == 6, "\(fromFile.warnings)")
        #expect(fromFile.warnings.last?.contains("is cut after 40 bytes") == true)
        #expect(fromFile.linesRead == fromBytes.linesRead)
        #expect(fromFile.header == RecordingRoundTripTests.header)
    }

    @Test func anEmptyFileIsStillAnError() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("empty.jsonl", "\n\n")
        var reader = RecordingReader(path: path)
        #expect(throws: RecordingError.empty(path: path)) { try reader.read { _ in } }
    }
}
