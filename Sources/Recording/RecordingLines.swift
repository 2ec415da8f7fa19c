import KubeModel

/// A recording's inputs as an index of where each one's line lies, instead of the
/// inputs themselves: replay decodes the few lines a seek needs, when it needs them.
///
/// Decoded, a 10,000-pod capture's 20,000 inputs hold ~70 MB of Pod structs; the index
/// holds 24 bytes an input (offset, length, receive time, stream), and the bytes stay in
/// the file (the kernel's page cache, not rollwatch's heap). Each line is decoded by
/// `RecordingReader` after the header, exactly as the first read did, so a replayed
/// input equals the one the load read.
public struct RecordingLines: Sendable {
    struct Line: Sendable {
        var offset: Int64
        var time: Timestamp
        var length: Int32
        /// The stream, to say which one failed if the line cannot be read back.
        var resource: ResourceKind
    }

    /// The name errors and the reader use (the path, or "demo").
    public let name: String
    let lines: [Line]
    /// The recording's header line, put before a line to decode it alone.
    let headerLine: [UInt8]
    let bytes: LineBytes

    public var count: Int { lines.count }

    /// The receive time of input `index`, without decoding it (binary search, stepping, progress).
    public func time(at index: Int) -> Timestamp { lines[index].time }

    /// The bytes of input `index`'s line: what replaying it costs, most of it decoding.
    public func length(at index: Int) -> Int { Int(lines[index].length) }

    /// Input `index`, decoded from its line. A line that cannot be read back (the file
    /// was cut or rewritten in place while replaying) is a stream error at its time,
    /// so the view says so instead of crashing or silently skipping an input.
    public func input(at index: Int) -> SessionInput {
        let line = lines[index]
        if let text = bytes.read(offset: line.offset, length: Int(line.length)) {
            var reader = RecordingReader(path: name)
            var decoded: SessionInput?
            if (try? reader.read(bytes: headerLine + [UInt8(ascii: "\n")] + text, { decoded = $0 })) != nil, let decoded {
                return decoded
            }
        }
        return .notice(StreamNotice(time: line.time, resource: line.resource, kind: .error,
                                    detail: "\(name) changed while replaying: the input at this time could not be read back"))
    }
}
