#if canImport(Glibc)
import Glibc
#endif
import CZlib
import Runtime
import SystemPackage

/// Where recording lines go: a plain file or a gzip stream over it. Each `write`
/// is one whole line, pushed to the kernel before it returns, so a process killed
/// between lines leaves a file that ends on a line boundary.
protocol ByteSink: AnyObject {
    /// Nil on success, else why the write failed.
    func write(_ bytes: UnsafeRawBufferPointer) -> String?
    func close()
}

final class FileSink: ByteSink {
    private var fd: Int32
    /// Bytes of whole lines in the file: a failed line is cut back to here.
    private var committed: off_t = 0

    init(fd: Int32) {
        self.fd = fd
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> String? {
        if let removed = RecordingFile.removedReason(fd) { return removed }
        do {
            try FileIO.writeAll(fd, bytes)
            committed += off_t(bytes.count)
            return nil
        } catch {
            RecordingFile.cut(fd, to: committed)
            return RecordingFile.reason(error)
        }
    }

    func close() {
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)
        fd = -1
    }
}

/// gzip with a sync flush after every line: a reader (or a cut connection) sees
/// every whole line written so far, at a small cost in ratio.
final class GzipSink: ByteSink {
    private var file: gzFile?
    private let fd: Int32
    /// Where the last whole line's sync flush ended: a failed line is cut back to here.
    private var committed: off_t = 0

    init?(fd: Int32) {
        guard let file = gzdopen(fd, "wb") else { return nil }
        self.file = file
        self.fd = fd
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let file else { return "closed" }
        if let removed = RecordingFile.removedReason(fd) { return removed }
        let written = gzwrite(file, bytes.baseAddress, UInt32(bytes.count))
        guard written == Int32(bytes.count), gzflush(file, Z_SYNC_FLUSH) == Z_OK else {
            let failed = errno
            var code: Int32 = 0
            let message = String(cString: gzerror(file, &code))
            let reason = code == Z_ERRNO ? RecordingFile.reason(Errno(rawValue: failed)) : message
            // The stream ends at the last sync flush; gzclose would append the rest of a
            // cut line and a trailer past it, so the stream is abandoned instead (its
            // buffers, once, are the cost) and the descriptor closed under it.
            RecordingFile.cut(fd, to: committed)
            self.file = nil
            _ = Glibc.close(fd)
            return reason
        }
        committed = lseek(fd, 0, SEEK_CUR)
        return nil
    }

    func close() {
        guard let file else { return }
        gzclose(file)
        self.file = nil
    }
}
