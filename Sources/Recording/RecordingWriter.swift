#if canImport(Glibc)
import Glibc
#endif
import CPosix
import JSONLite
import KubeModel

/// Writes a recording line by line (SPEC §6). The file is created 0600, never
/// through a symbolic link and never over an existing file unless asked; each line
/// reaches the kernel before `record` returns, so SIGINT, SIGTERM, SIGHUP or an
/// SSH drop leave a complete, replayable file.
public final class RecordingWriter {
    public let path: String
    public let redacted: Bool
    /// The first write failure (disk full, …); later lines are not attempted.
    public private(set) var failure: String?
    public private(set) var linesWritten = 0

    private let sink: ByteSink
    private let redactor = Redactor()

    /// Creates the file and writes the header. A name ending in `.gz` is gzip.
    public init(path: String, header: RecordingHeader, replacing: Bool) throws(RecordingError) {
        let fd = rw_create_private_file(path, replacing ? 1 : 0)
        if fd < 0 {
            switch -fd {
            case EEXIST: throw .exists(path: path)
            case ELOOP: throw .symbolicLink(path: path)
            default: throw .cannotCreate(path: path, reason: String(cString: strerror(-fd)))
            }
        }
        if path.hasSuffix(".gz") {
            guard let gzip = GzipSink(fd: fd) else {
                Glibc.close(fd)
                throw .cannotCreate(path: path, reason: "gzip could not start")
            }
            sink = gzip
        } else {
            sink = FileSink(fd: fd)
        }
        self.path = path
        redacted = header.redacted
        write(header.json)
        if let failure { throw .cannotCreate(path: path, reason: failure) }
    }

    deinit {
        sink.close()
    }

    /// One received document, exactly as the API server sent it (redacted unless raw).
    /// - Parameter page: for a page of a list read in pages, its number (from 1): the
    ///   line says it (`"page": N`), so a replay knows where each list starts.
    public func record(_ document: JSON, from resource: ResourceKind, at time: Timestamp, page: Int? = nil) {
        var line = JSONObject([
            JSONObject.Member("t", .string(time.rfc3339(fractionDigits: 6))),
            JSONObject.Member("src", .string(resource.rawValue)),
        ])
        // Before `ev`, so a reader knows the page when it meets the list.
        if let page { line["page"] = .int(page) }
        line["ev"] = redacted ? redactor.redact(document) : document
        write(.object(line))
    }

    public func record(_ notice: StreamNotice) {
        var line = JSONObject([
            JSONObject.Member("t", .string(notice.time.rfc3339(fractionDigits: 6))),
            JSONObject.Member("src", .string(notice.resource.rawValue)),
            JSONObject.Member("stream", .string(notice.kind.rawValue)),
            JSONObject.Member("detail", .string(notice.detail)),
        ])
        if let transport = notice.transport { line["transport"] = .string(transport) }
        write(.object(line))
    }

    public func close() {
        sink.close()
    }

    func write(_ line: JSON) {
        guard failure == nil else { return }
        var text = line.serialized()
        text.append("\n")
        // Straight from the string's own storage: a list line can be tens of megabytes.
        failure = text.withUTF8 { sink.write(UnsafeRawBufferPointer($0)) }
        if failure == nil { linesWritten += 1 }
    }
}
