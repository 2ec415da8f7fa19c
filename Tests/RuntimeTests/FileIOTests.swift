#if canImport(Glibc)
import Glibc
#endif
import Runtime
import SystemPackage
import Testing
import TestSupport

/// Whole-file reads and whole-buffer writes, and their one-line errors.
@Suite struct FileIOTests {
    @Test func writesEveryByteAndReadsTheFileBackWhole() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("bytes")
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let file = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
        try FileIO.writeAll(file.rawValue, bytes)
        try file.close()
        #expect(try FileIO.readWholeFile(path, limit: 1 << 20) == bytes)
    }

    @Test func aFileOverTheLimitIsRefused() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("big", String(repeating: "x", count: 2_000))
        #expect(throws: FileIO.ReadError.tooLarge(limit: 1_000)) { try FileIO.readWholeFile(path, limit: 1_000) }
        #expect(try FileIO.readWholeFile(path, limit: 2_000).count == 2_000)
    }

    @Test func aMissingFileIsStrerrorsOneLine() {
        do {
            _ = try FileIO.readWholeFile("/nonexistent/rollwatch/theme.json", limit: 1_000)
            Issue.record("read a file that is not there")
        } catch {
            #expect(error == .system(.noSuchFileOrDirectory))
            #expect(error.description == "No such file or directory")
        }
    }

    @Test func aWriteToNoDescriptorSaysWhy() {
        // -1, never a closed number: another test may have that number open by now.
        #expect(throws: Errno.badFileDescriptor) { try FileIO.writeAll(-1, [1, 2, 3]) }
    }
}
