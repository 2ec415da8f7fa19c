import JSONLite
import KubeModel
import Recording
import Testing
import TestSupport

/// A writer on a disk that fills (a small tmpfs): the first failure stops it, says
/// why, and leaves a file of whole lines that reads back without a warning, plain
/// or gzip (issue 17).
@Suite(.enabled(if: SmallDisk.canMount, "mounting a tmpfs was refused (this test needs root)"))
struct FullDiskRecordingTests {
    @Test(arguments: ["plain.jsonl", "packed.jsonl.gz"])
    func theFileKeepsWholeLinesAndReadsCleanly(name: String) throws {
        let disk = try SmallDisk(kibibytes: 64)
        let path = disk.file(name)
        let writer = try RecordingWriter(path: path, header: RecordingRoundTripTests.header, replacing: false)
        var written = 0
        // Pods with distinct names and times compress badly enough to fill 64 KiB as gzip too.
        while writer.failure == nil, written < 100_000 {
            let (document, time) = RecordingRoundTripTests.podEvent("p\(written)-\(written * 7919 % 104_729)", at: Int64(written), ready: written % 2 == 0)
            writer.record(document, from: .pods, at: time)
            written += 1
        }
        #expect(writer.failure?.hasPrefix("disk full") == true, "\(writer.failure ?? "no failure")")
        writer.close()
        var reader = RecordingReader(path: path)
        var inputs = 0
        try reader.read { _ in inputs += 1 }
        #expect(reader.warnings.isEmpty, "\(reader.warnings)")
        #expect(inputs == writer.linesWritten - 1, "every line the writer counted, the header aside")
        #expect(inputs > 10)
    }
}
