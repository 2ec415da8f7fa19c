#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Where the bytes of a recording's lines stay while it is replayed, so a seek can
/// read the few lines it replays instead of the process holding every input decoded:
/// the file itself (read with `pread`, so the kernel's page cache holds the bytes,
/// not rollwatch's heap), the inflated copy of a gzip file, or the bytes built into
/// the binary (the demo).
public final class LineBytes: Sendable {
    private enum Storage {
        case file(FileDescriptor)
        case memory([UInt8])
    }

    private let storage: Storage

    /// A file open for reading; closed when the last timeline holding it goes.
    init(file: FileDescriptor) {
        storage = .file(file)
    }

    init(memory: [UInt8]) {
        storage = .memory(memory)
    }

    deinit {
        if case .file(let file) = storage { try? file.close() }
    }

    /// `length` bytes from `offset`, or nil if the file no longer holds them (cut under us).
    func read(offset: Int64, length: Int) -> [UInt8]? {
        switch storage {
        case .memory(let bytes):
            let start = Int(offset)
            guard start >= 0, start + length <= bytes.count else { return nil }
            return Array(bytes[start..<start + length])
        case .file(let file):
            var buffer = [UInt8](repeating: 0, count: length)
            var done = 0
            while done < length {
                let count = (try? buffer.withUnsafeMutableBytes { whole in
                    try file.read(fromAbsoluteOffset: offset + Int64(done),
                                  into: UnsafeMutableRawBufferPointer(rebasing: whole[done...]))
                }) ?? 0
                if count <= 0 { return nil }
                done += count
            }
            return buffer
        }
    }
}

extension LineBytes {
    /// An unlinked file, created 0600 in `$TMPDIR` (or /tmp): the inflated lines of a
    /// gzip recording, readable at any offset, which nobody else can open and which
    /// the kernel removes when rollwatch closes it, however it ends.
    static func unlinkedTemporaryFile() throws(RecordingError) -> FileDescriptor {
        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/rollwatch-replay-XXXXXX").utf8CString)
        let raw = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard raw >= 0 else {
            throw .cannotRead(path: directory, reason: "cannot create a temporary file to inflate into: \(Errno(rawValue: errno))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        // Not handed to kubectl or any other child the replay starts.
        _ = fcntl(raw, F_SETFD, FD_CLOEXEC)
        return FileDescriptor(rawValue: raw)
    }
}
