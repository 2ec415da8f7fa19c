import SystemPackage

/// Whole-buffer file I/O through swift-system: interrupted calls are retried
/// (`retryOnInterrupt`), partial writes continued (`writeAll`), and a failure is
/// an `Errno`, whose description is strerror's one line.
public enum FileIO {
    /// Why a small file could not be read whole.
    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case system(Errno)
        case tooLarge(limit: Int)

        public var description: String {
            switch self {
            case .system(let errno): return errno.description
            case .tooLarge(let limit): return "larger than \(limit) bytes"
            }
        }
    }

    /// Reads all of the small file at `path` (a theme, a config), refusing one
    /// longer than `limit` bytes rather than reading whatever it is into memory.
    public static func readWholeFile(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(FilePath(path), .readOnly, options: .closeOnExec)
        } catch {
            throw .system(error as? Errno ?? .ioError)
        }
        defer { try? file.close() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count: Int
            do {
                count = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
            } catch {
                throw .system(error as? Errno ?? .ioError)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { throw .tooLarge(limit: limit) }
        }
    }

    /// Writes every byte to `fd`, across partial writes to a pipe and interruptions.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Errno) {
        do {
            try FileDescriptor(rawValue: fd).writeAll(bytes)
        } catch {
            throw error as? Errno ?? .ioError
        }
    }

    /// Writes every byte to `fd`, across partial writes to a pipe and interruptions.
    public static func writeAll<Bytes: Sequence>(_ fd: Int32, _ bytes: Bytes) throws(Errno) where Bytes.Element == UInt8 {
        do {
            try FileDescriptor(rawValue: fd).writeAll(bytes)
        } catch {
            throw error as? Errno ?? .ioError
        }
    }
}
