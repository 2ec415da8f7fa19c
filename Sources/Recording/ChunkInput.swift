#if canImport(Glibc)
import Glibc
#endif
import CZlib
import SystemPackage

/// The bytes of a plain or gzip file (told apart by the gzip magic, not the name).
final class ChunkInput {
    private let path: String
    private var file: FileDescriptor?
    private var gzip: gzFile?

    init(path: String) throws(RecordingError) {
        self.path = path
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(FilePath(path), .readOnly, options: .closeOnExec)
        } catch {
            throw .cannotRead(path: path, reason: "\(error)")
        }
        self.file = file
        var magic: [UInt8] = [0, 0]
        let count = try? magic.withUnsafeMutableBytes { try file.read(fromAbsoluteOffset: 0, into: $0) }
        if count == 2, magic == [0x1F, 0x8B] {
            // zlib owns the descriptor from here (gzclose closes it).
            gzip = gzdopen(file.rawValue, "rb")
            self.file = nil
            if gzip == nil { throw .cannotRead(path: path, reason: "gzip could not start") }
        }
    }

    func read(into buffer: inout [UInt8]) throws(RecordingError) -> Int {
        if let gzip {
            let count = buffer.withUnsafeMutableBytes { gzread(gzip, $0.baseAddress, UInt32($0.count)) }
            // A cut gzip stream reads as its whole part, then an error: treat as the end.
            return max(0, Int(count))
        }
        guard let file else { return 0 }
        do {
            return try buffer.withUnsafeMutableBytes { try file.read(into: $0) }
        } catch {
            throw .cannotRead(path: path, reason: "\(error)")
        }
    }

    func close() {
        if let gzip {
            gzclose(gzip)
            self.gzip = nil
        } else if let file {
            try? file.close()
            self.file = nil
        }
    }
}
