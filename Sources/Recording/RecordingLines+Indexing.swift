import KubeModel
import SystemPackage

extension RecordingLines {
    /// What one read of a recording gives: the index, the header, and what the reader skipped.
    public struct Indexed: Sendable {
        public let lines: RecordingLines
        public let header: RecordingHeader
        public let warnings: [String]
    }

    /// Reads a recording file once, passing each input on with its line's length as it is
    /// decoded, and keeps where every input's line lies. A gzip file is inflated as it is
    /// read into an unlinked temporary file, which the index then points into.
    public static func index(path: String, _ each: (SessionInput, _ lineLength: Int) -> Void) throws(RecordingError) -> Indexed {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(FilePath(path), .readOnly, options: .closeOnExec)
        } catch {
            throw .cannotRead(path: path, reason: "\(error)")
        }
        var magic: [UInt8] = [0, 0]
        let magicCount = try? magic.withUnsafeMutableBytes { try file.read(fromAbsoluteOffset: 0, into: $0) }
        let inflatedCopy: FileDescriptor?
        if magicCount == 2, magic == [0x1F, 0x8B] {
            try? file.close()
            inflatedCopy = try LineBytes.unlinkedTemporaryFile()
        } else {
            inflatedCopy = nil
        }
        let bytes = LineBytes(file: inflatedCopy ?? file)
        let input = try ChunkInput(path: path)
        defer { input.close() }
        var feeder = LineFeeder()
        return try index(name: path, bytes: bytes, feeder: &feeder, each) { (block: inout [UInt8]) throws(RecordingError) -> Int in
            let count = try input.read(into: &block)
            if let inflatedCopy, count > 0 {
                do {
                    _ = try block.withUnsafeBytes { try inflatedCopy.writeAll(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                } catch {
                    throw .cannotRead(path: path, reason: "cannot inflate it into a temporary file: \(error)")
                }
            }
            return count
        }
    }

    /// The same over bytes in memory (the demo built into the binary); the index points into them.
    public static func index(bytes: [UInt8], name: String, _ each: (SessionInput, _ lineLength: Int) -> Void) throws(RecordingError) -> Indexed {
        var feeder = LineFeeder()
        var delivered = false
        return try index(name: name, bytes: LineBytes(memory: bytes), feeder: &feeder, each) { (block: inout [UInt8]) throws(RecordingError) -> Int in
            defer { delivered = true }
            if delivered { return 0 }
            block = bytes
            return bytes.count
        }
    }

    /// The reader's own line loop (`consume`), handed one line at a time: when it delivers
    /// an input, the line that input came from is the one just handed over, so its offset
    /// is known without the reader telling line numbers or offsets. Header handling, a cut
    /// last line and malformed lines are the reader's, unchanged.
    private static func index(name: String, bytes: LineBytes, feeder: inout LineFeeder,
                              _ each: (SessionInput, Int) -> Void,
                              fill: (inout [UInt8]) throws(RecordingError) -> Int) throws(RecordingError) -> Indexed {
        var reader = RecordingReader(path: name)
        var lines: [Line] = []
        var headerLine: [UInt8]?
        try reader.consume({ input in
            let resource: ResourceKind
            switch input {
            case .event(let event): resource = event.resource
            case .notice(let notice): resource = notice.resource
            // A log line that cannot be read back is said as a pods stream error: logs are no resource.
            case .log: resource = .pods
            }
            let span = feeder.lastLine
            lines.append(Line(offset: span.offset, time: input.time, length: Int32(span.length), resource: resource))
            each(input, span.length)
        }, next: { () throws(RecordingError) -> Int in
            let count = try feeder.nextLine(fill: fill)
            if headerLine == nil, !feeder.line[..<count].allSatisfy(LineFeeder.isSpace) {
                headerLine = Array(feeder.line[..<count])
            }
            return count
        }, chunk: { feeder.line })
        let header = reader.header!
        return Indexed(lines: RecordingLines(name: name, lines: lines, headerLine: headerLine ?? [], bytes: bytes),
                       header: header, warnings: reader.warnings)
    }
}

/// Cuts blocks of a recording into lines, each with its newline (the last may lack one),
/// and remembers where the last line handed out starts in the file.
struct LineFeeder {
    private var block = [UInt8](repeating: 0, count: 1 << 20)
    private var blockCount = 0
    private var blockPosition = 0
    private var blockOffset: Int64 = 0
    private var ended = false
    /// The line handed out last (its bytes are `line[..<lastLine.length]`).
    private(set) var line: [UInt8] = []
    private(set) var lastLine: (offset: Int64, length: Int) = (0, 0)

    /// Fills `line` with the next line and returns its length; 0 at the end of the input.
    mutating func nextLine(fill: (inout [UInt8]) throws(RecordingError) -> Int) throws(RecordingError) -> Int {
        line.removeAll(keepingCapacity: true)
        var start: Int64?
        while true {
            if blockPosition == blockCount {
                if ended { break }
                blockOffset += Int64(blockCount)
                blockCount = try fill(&block)
                blockPosition = 0
                if blockCount == 0 { ended = true; break }
            }
            if start == nil { start = blockOffset + Int64(blockPosition) }
            let from = blockPosition
            var to = from
            while to < blockCount, block[to] != UInt8(ascii: "\n") { to += 1 }
            let foundNewline = to < blockCount
            if foundNewline { to += 1 }
            line.append(contentsOf: block[from..<to])
            blockPosition = to
            if foundNewline { break }
        }
        // At the end, keep the last line: the reader decodes a last line without a newline after it asks for more.
        if let start, !line.isEmpty { lastLine = (start, line.count) }
        return line.count
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
