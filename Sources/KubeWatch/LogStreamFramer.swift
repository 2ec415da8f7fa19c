/// Splits a log body into lines, whatever the chunking, holding at most one line
/// of `maximumLineBytes` (and whatever one read brought): a longer line is dropped
/// as it streams, only its first bytes kept (where its stamp is), and reported.
///
/// The swift-nio decoder shape, as `JSONFramer`: `append` bytes, take frames with
/// `next()` until nil (need more), and `finish()` at the end of the body.
public struct LogStreamFramer {
    public enum Frame: Equatable, Sendable {
        /// A whole line, without its newline.
        case line(ArraySlice<UInt8>)
        /// A line longer than the limit: its first `keptPrefix` bytes and its length.
        case overlong(prefix: [UInt8], length: Int)
    }

    /// The longest line handed out whole (its stamp included, its newline not).
    public let maximumLineBytes: Int
    /// What is kept of an overlong line: enough for its stamp, so a resumed stream
    /// knows it saw it.
    static let keptPrefix = LogLine.longestStamp

    private var buffer: [UInt8] = []
    /// Where the current line starts; everything before it has been handed out.
    private var lineStart = 0
    /// Where the search for the next newline resumes.
    private var scanIndex = 0
    /// Set while skipping the rest of an overlong line: its start and the bytes dropped so far.
    private var discarding: (prefix: [UInt8], length: Int)?

    public init(maximumLineBytes: Int) {
        self.maximumLineBytes = maximumLineBytes
    }

    public mutating func append(_ bytes: [UInt8]) {
        // A line being skipped keeps none of its bytes: look for its end in place. (Once
        // its end is in the buffer, what follows is the next lines: kept as they come.)
        guard var skipped = discarding, bufferedByteCount == 0 else {
            buffer.append(contentsOf: bytes)
            return
        }
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            skipped.length += bytes.count
            discarding = skipped
            return
        }
        skipped.length += newline
        discarding = skipped
        buffer.append(UInt8(ascii: "\n"))
        buffer.append(contentsOf: bytes[(newline + 1)...])
    }

    /// The next complete line, or nil when more input is needed. A line handed out is
    /// valid until the next call.
    public mutating func next() -> Frame? {
        if let newline = buffer[scanIndex...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = buffer[lineStart..<newline]
            lineStart = newline + 1
            scanIndex = lineStart
            if let skipped = discarding {
                discarding = nil
                return .overlong(prefix: skipped.prefix, length: skipped.length + line.count)
            }
            if line.count > maximumLineBytes {
                return .overlong(prefix: Array(line.prefix(Self.keptPrefix)), length: line.count)
            }
            return .line(line)
        }
        scanIndex = buffer.count
        if discarding == nil, buffer.count - lineStart > maximumLineBytes {
            // Too long already, and no end in sight: keep its start, drop the rest as it comes.
            discarding = (Array(buffer[lineStart...].prefix(Self.keptPrefix)), buffer.count - lineStart)
            lineStart = buffer.count
        } else if var skipped = discarding {
            skipped.length += buffer.count - lineStart
            discarding = skipped
            lineStart = buffer.count
        }
        compact()
        return nil
    }

    /// Call at the end of the body. A last line without its newline is a body cut off
    /// (the kubelet writes whole lines): it is dropped, not handed out, since the stream
    /// that resumes gets it again whole, and a torn line would be counted as seen.
    /// Returns how many bytes were dropped so.
    @discardableResult
    public mutating func finish() -> Int {
        defer { reset() }
        return buffer.count - lineStart + (discarding?.length ?? 0)
    }

    /// Bytes held for a line not yet complete.
    public var bufferedByteCount: Int { buffer.count - lineStart }

    private mutating func compact() {
        guard lineStart > 0 else { return }
        buffer.removeSubrange(0..<lineStart)
        scanIndex -= lineStart
        lineStart = 0
    }

    private mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        lineStart = 0
        scanIndex = 0
        discarding = nil
    }
}
