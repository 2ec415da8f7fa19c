#if canImport(Glibc)
import Glibc
#endif
import CZlib
import Runtime

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

    init(fd: Int32) {
        self.fd = fd
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> String? {
        do {
            try FileIO.writeAll(fd, bytes)
            return nil
        } catch {
            return error.description
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

    init?(fd: Int32) {
        guard let file = gzdopen(fd, "wb") else { return nil }
        self.file = file
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let file else { return "closed" }
        let written = gzwrite(file, bytes.baseAddress, UInt32(bytes.count))
        guard written == Int32(bytes.count), gzflush(file, Z_SYNC_FLUSH) == Z_OK else {
            var code: Int32 = 0
            return String(cString: gzerror(file, &code))
        }
        return nil
    }

    func close() {
        guard let file else { return }
        gzclose(file)
        self.file = nil
    }
}
