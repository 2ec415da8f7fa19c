/// Splits a byte stream into JSON documents, whatever the chunking: compact
/// one-line watch events and indented multi-line objects alike, since brace depth
/// (outside strings) marks where a document ends, not newlines.
///
/// The swift-nio decoder shape: feed bytes with `append`, take frames with
/// `next()` until it returns nil (need more), and `finish()` at end of input.
public struct JSONFramer {
    public enum Frame: Equatable, Sendable {
        case document([UInt8])
        /// Bytes that are not a JSON document: stray output, an oversized or cut document.
        case malformed(reason: String)
    }

    /// 64 MiB fits any single object; a List of 10,000 pods needs more (see KubectlList).
    public let maximumFrameSize: Int

    private var buffer: [UInt8] = []
    /// Where scanning resumes; everything before `frameStart` has been handed out.
    private var scanIndex = 0
    private var frameStart = 0
    private var depth = 0
    private var inString = false
    private var escaped = false
    /// Set while skipping a document that grew past `maximumFrameSize`.
    private var discarding = false
    private var discardedBytes = 0
    /// Set while skipping a line of non-JSON text.
    private var inGarbage = false

    public init(maximumFrameSize: Int = 64 << 20) {
        self.maximumFrameSize = maximumFrameSize
    }

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil when more input is needed.
    public mutating func next() -> Frame? {
        while scanIndex < buffer.count {
            let byte = buffer[scanIndex]
            scanIndex += 1
            if inGarbage {
                if byte == UInt8(ascii: "\n") {
                    inGarbage = false
                    let preview = String(decoding: buffer[frameStart..<min(scanIndex - 1, frameStart + 80)], as: UTF8.self)
                    consume()
                    return .malformed(reason: "not JSON: \(preview)")
                }
                continue
            }
            if depth == 0 {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                    frameStart = scanIndex
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    frameStart = scanIndex - 1
                    depth = 1
                default:
                    frameStart = scanIndex - 1
                    inGarbage = true
                }
                continue
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return completeFrame() }
                default: break
                }
            }
            if !discarding, scanIndex - frameStart > maximumFrameSize {
                discarding = true
            }
            if discarding, scanIndex - frameStart >= 1 << 16 {
                // Drop what was scanned so an oversized document never holds memory.
                discardedBytes += scanIndex - frameStart
                consume()
            }
        }
        compactIfWorthIt()
        return nil
    }

    /// Call at end of input: what is left is a cut document or stray text.
    public mutating func finish() -> Frame? {
        if let frame = next() { return frame }
        defer { reset() }
        let leftover = buffer[frameStart..<buffer.count]
        if inGarbage {
            return .malformed(reason: "not JSON: \(String(decoding: leftover.prefix(80), as: UTF8.self))")
        }
        if depth > 0 || discarding {
            return .malformed(reason: "input ended inside a document (\(leftover.count + discardedBytes) bytes)")
        }
        return nil
    }

    /// Bytes held for a document not yet complete.
    public var bufferedByteCount: Int { buffer.count - frameStart }

    private mutating func completeFrame() -> Frame {
        defer { consume() }
        if discarding {
            let size = discardedBytes + (scanIndex - frameStart)
            discarding = false
            discardedBytes = 0
            return .malformed(reason: "document of \(size) bytes is larger than the \(maximumFrameSize)-byte limit")
        }
        return .document(Array(buffer[frameStart..<scanIndex]))
    }

    private mutating func consume() {
        frameStart = scanIndex
    }

    private mutating func compactIfWorthIt() {
        if frameStart > 0, frameStart >= buffer.count / 2 || frameStart > 1 << 20 {
            buffer.removeSubrange(0..<frameStart)
            scanIndex -= frameStart
            frameStart = 0
        }
    }

    private mutating func reset() {
        buffer.removeAll()
        scanIndex = 0
        frameStart = 0
        depth = 0
        inString = false
        escaped = false
        discarding = false
        discardedBytes = 0
        inGarbage = false
    }
}
