#if canImport(Glibc)
import Glibc
#endif
import CZlib
import JSONLite
import KubeModel

/// Reads a recording in chunks, line by line, and hands each input on as soon as
/// it is decoded, so an 80 MB file never sits in memory whole.
///
/// A cut last line (the writer was killed mid-line, or the copy was truncated) and
/// any malformed line are skipped and named in `warnings`; a file that is empty,
/// not a recording, or of another version is an error.
public struct RecordingReader {
    public let path: String
    public private(set) var header: RecordingHeader?
    public private(set) var warnings: [String] = []
    public private(set) var linesRead = 0

    private var skippedLines = 0
    /// `header != nil`, kept apart: asked once a line, and testing the optional copied the header each time.
    private var hasHeader = false
    private let parser = JSONParser(skippingKeys: ["managedFields"])
    private static let warningLimit = 5

    public init(path: String) {
        self.path = path
    }

    /// Reads a recording held in memory (the demo built into the binary).
    public mutating func read(bytes: [UInt8], _ each: (SessionInput) -> Void) throws(RecordingError) {
        var delivered = false
        try consume(each) { () throws(RecordingError) -> Int in
            defer { delivered = true }
            return delivered ? 0 : bytes.count
        } chunk: { bytes }
    }

    /// The line loop over chunks: `next` fills the buffer `chunk` returns and says how many bytes it holds.
    /// Internal for `read(_:)` in RecordingReader+File.swift, kept apart with its swift-system file
    /// input so that the fuzz build (.ci/fuzz), which compiles this file alone, needs no package.
    mutating func consume(_ each: (SessionInput) -> Void, next: () throws(RecordingError) -> Int,
                                  chunk currentChunk: () -> [UInt8]) throws(RecordingError) {
        var pending: [UInt8] = []
        var lineNumber = 0
        while true {
            let count = try next()
            if count == 0 { break }
            let chunk = currentChunk()
            var start = 0
            while let index = Self.newline(in: chunk, from: start, to: count) {
                lineNumber += 1
                if pending.isEmpty {
                    try take(chunk[start..<index], line: lineNumber, each)
                } else {
                    pending.append(contentsOf: chunk[start..<index])
                    try take(pending[...], line: lineNumber, each)
                    pending.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            pending.append(contentsOf: chunk[start..<count])
        }
        if !pending.allSatisfy(Self.isSpace) {
            lineNumber += 1
            if header == nil {
                try take(pending[...], line: lineNumber, each)
            } else if let input = try? decodeLine(pending[...]) {
                // A last line without its newline is still whole if it parses.
                linesRead += 1
                each(input)
            } else {
                warn("the last line (\(lineNumber)) is cut after \(pending.count) bytes; skipped it")
            }
        }
        if header == nil { throw .empty(path: path) }
        if skippedLines > RecordingReader.warningLimit {
            warnings.append("\(skippedLines - RecordingReader.warningLimit) more malformed lines skipped")
        }
    }

    private mutating func take(_ line: ArraySlice<UInt8>, line number: Int, _ each: (SessionInput) -> Void) throws(RecordingError) {
        guard hasHeader else {
            if line.allSatisfy(Self.isSpace) { return }
            let json: JSON
            do {
                json = try line.withUnsafeBufferPointer { buffer throws(JSONParseError) in try parser.parse(buffer) }
            } catch {
                throw .notARecording(path: path, reason: "line 1 is not JSON")
            }
            header = try RecordingHeader(json: json, path: path)
            hasHeader = true
            return
        }
        if line.allSatisfy(Self.isSpace) { return }
        do {
            if let input = try decodeLine(line) {
                linesRead += 1
                each(input)
            }
        } catch {
            skippedLines += 1
            if skippedLines <= RecordingReader.warningLimit { warn("line \(number) skipped: \(error)") }
        }
    }

    /// An event or stream line; nil for a line from a newer writer this one does not know (skipped quietly).
    private func decodeLine(_ line: ArraySlice<UInt8>) throws -> SessionInput? {
        try line.withUnsafeBytes { bytes throws in try RecordingLine.decode(bytes) }
    }

    /// The offset of the next newline in `chunk[start..<end]`: memchr, which looks at
    /// many bytes at once, where a loop over the array would check bounds per byte.
    private static func newline(in chunk: [UInt8], from start: Int, to end: Int) -> Int? {
        guard start < end else { return nil }
        return chunk.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress,
                  let found = memchr(base + start, Int32(UInt8(ascii: "\n")), end - start)
            else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }

    private mutating func warn(_ message: String) {
        warnings.append(message)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
