/// The status line and headers of an HTTP response.
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    public var reason: String
    /// Header names lowercased, in the order received; values with surrounding spaces trimmed.
    public var headers: [(name: String, value: String)]

    public init(status: Int, reason: String, headers: [(name: String, value: String)]) {
        self.status = status
        self.reason = reason
        self.headers = headers
    }

    /// The first value of a header, by its lowercased name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    public static func == (lhs: HTTPResponseHead, rhs: HTTPResponseHead) -> Bool {
        lhs.status == rhs.status && lhs.reason == rhs.reason
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}

/// Why bytes are not an HTTP/1.1 response this client can read.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "malformed HTTP response: \(reason)" }
}

/// Reads HTTP/1.1 responses from a byte stream, whatever the chunking: the status
/// line and headers, then the body de-chunked and handed on as it arrives (a watch
/// body never ends; a list body may be tens of megabytes, so it is never held
/// whole). The swift-nio decoder shape: `append` bytes, take events with `next()`
/// until it returns nil (need more), `finish()` at end of input.
///
/// What rollwatch's requests get back from `kubectl proxy`: `Transfer-Encoding:
/// chunked` (watches, logs, most lists), `Content-Length` (Status bodies), or a body
/// that runs to the end of the connection. Written by hand, small and fuzzed
/// (`.ci/fuzz http`), rather than bringing swift-nio's event loops into a program
/// that waits on one `poll(2)`.
public struct HTTPResponseParser {
    public enum Event: Sendable, Equatable {
        case head(HTTPResponseHead)
        /// The next piece of the body, de-chunked.
        case body([UInt8])
        /// The response is complete; another may follow on the same connection.
        case end
    }

    /// Longest status line plus headers accepted: far above what an API server sends.
    public static let maximumHeadSize = 64 << 10
    /// Longest chunk-size line (with extensions) or trailer line.
    static let maximumLineSize = 4 << 10

    private enum State {
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case failed(HTTPParseError)
    }

    private var state: State = .head
    private var buffer: [UInt8] = []
    private var index = 0

    public init() {}

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received and not yet handed out.
    public var bufferedByteCount: Int { buffer.count - index }

    /// The next event, or nil when more input is needed. After an error every call throws it again.
    public mutating func next() throws(HTTPParseError) -> Event? {
        defer { compactIfWorthIt() }
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .head:
                guard let head = try fail(parseHead()) else { return nil }
                // 1xx (100 Continue) is an interim answer: the real response follows.
                if (100..<200).contains(head.status) { continue }
                state = try fail(bodyState(for: head))
                return .head(head)
            case .fixed(let remaining):
                if remaining == 0 {
                    state = .head
                    return .end
                }
                guard let piece = takeBody(upTo: remaining) else { return nil }
                state = .fixed(remaining: remaining - piece.count)
                return .body(piece)
            case .untilClose:
                guard let piece = takeBody(upTo: Int.max) else { return nil }
                return .body(piece)
            case .chunkSize:
                guard let line = try fail(takeLine(limit: Self.maximumLineSize)) else { return nil }
                let size = try fail(Self.chunkSize(line))
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                guard let piece = takeBody(upTo: remaining) else { return nil }
                state = piece.count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - piece.count)
                return .body(piece)
            case .chunkDataEnd:
                guard let line = try fail(takeLine(limit: Self.maximumLineSize)) else { return nil }
                guard line.isEmpty else { return try fail(.failure(HTTPParseError("chunk data longer than its size"))) }
                state = .chunkSize
            case .trailers:
                guard let line = try fail(takeLine(limit: Self.maximumLineSize)) else { return nil }
                if line.isEmpty {
                    state = .head
                    return .end
                }
            }
        }
    }

    /// Call at end of input: a body that runs to the close ends here; anything
    /// else cut short is an error. Returns nil when nothing was pending.
    public mutating func finish() throws(HTTPParseError) -> Event? {
        if let event = try next() { return event }
        switch state {
        case .untilClose:
            state = .head
            return .end
        case .head where bufferedByteCount == 0:
            return nil
        case .failed(let error):
            throw error
        default:
            let error = HTTPParseError("the connection closed inside a response (\(bufferedByteCount) bytes pending)")
            state = .failed(error)
            throw error
        }
    }

    // MARK: Pieces

    /// Remembers an error so later calls fail the same way.
    private mutating func fail<T>(_ result: Result<T, HTTPParseError>) throws(HTTPParseError) -> T {
        switch result {
        case .success(let value): return value
        case .failure(let error):
            state = .failed(error)
            throw error
        }
    }

    private mutating func parseHead() -> Result<HTTPResponseHead?, HTTPParseError> {
        // The head ends at the first empty line; until it is all here, wait.
        guard let end = headEnd() else {
            if bufferedByteCount > Self.maximumHeadSize { return .failure(HTTPParseError("headers longer than \(Self.maximumHeadSize) bytes")) }
            return .success(nil)
        }
        var lines: [ArraySlice<UInt8>] = []
        var start = index
        for position in index..<end where buffer[position] == UInt8(ascii: "\n") {
            var line = buffer[start..<position]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            lines.append(line)
            start = position + 1
        }
        index = end
        guard let statusLine = lines.first, let status = Self.statusLine(statusLine) else {
            let shown = String(decoding: (lines.first ?? []).prefix(60), as: UTF8.self)
            return .failure(HTTPParseError("not an HTTP status line: \(shown)"))
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                return .failure(HTTPParseError("header without a name: \(String(decoding: line.prefix(60), as: UTF8.self))"))
            }
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
            headers.append((name, value))
        }
        return .success(HTTPResponseHead(status: status.code, reason: status.reason, headers: headers))
    }

    /// The index just past the empty line that ends the head, if it has arrived.
    private func headEnd() -> Int? {
        var position = index
        while position < buffer.count {
            if buffer[position] == UInt8(ascii: "\n") {
                if position + 1 < buffer.count, buffer[position + 1] == UInt8(ascii: "\n") { return position + 2 }
                if position + 2 < buffer.count, buffer[position + 1] == UInt8(ascii: "\r"), buffer[position + 2] == UInt8(ascii: "\n") {
                    return position + 3
                }
            }
            position += 1
        }
        return nil
    }

    private func bodyState(for head: HTTPResponseHead) -> Result<State, HTTPParseError> {
        if head.status == 204 || head.status == 304 { return .success(.fixed(remaining: 0)) }
        if let encoding = head.header("transfer-encoding") {
            // Chunked must come last when present (RFC 9112 §6.1); kubectl proxy sends only it.
            let last = encoding.lowercased().split(separator: ",").last.map { String(decoding: Self.trimmed(ArraySlice($0.utf8)), as: UTF8.self) }
            guard last == "chunked" else { return .failure(HTTPParseError("unsupported transfer-encoding \(encoding)")) }
            return .success(.chunkSize)
        }
        if let length = head.header("content-length") {
            guard let count = Int(length), count >= 0 else { return .failure(HTTPParseError("content-length \(length)")) }
            return .success(.fixed(remaining: count))
        }
        return .success(.untilClose)
    }

    private mutating func takeBody(upTo limit: Int) -> [UInt8]? {
        let available = min(limit, buffer.count - index)
        guard available > 0 else { return nil }
        defer { index += available }
        return Array(buffer[index..<index + available])
    }

    /// The next line without its CRLF (or LF), or nil until it has arrived.
    private mutating func takeLine(limit: Int) -> Result<ArraySlice<UInt8>?, HTTPParseError> {
        guard let newline = buffer[index...].firstIndex(of: UInt8(ascii: "\n")) else {
            if bufferedByteCount > limit { return .failure(HTTPParseError("a line longer than \(limit) bytes")) }
            return .success(nil)
        }
        var line = buffer[index..<newline]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        index = newline + 1
        return .success(line)
    }

    private mutating func compactIfWorthIt() {
        if index > 0, index >= buffer.count / 2 || index > 1 << 20 {
            buffer.removeSubrange(0..<index)
            index = 0
        }
    }

    // MARK: Grammar

    /// `HTTP/1.1 200 OK` → (200, "OK").
    static func statusLine(_ line: ArraySlice<UInt8>) -> (code: Int, reason: String)? {
        let text = String(decoding: line, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let code = Int(parts[1]), code >= 100 else {
            return nil
        }
        return (code, parts.count == 3 ? String(parts[2]) : "")
    }

    /// A chunk-size line: hex digits, then optional `;extensions`.
    static func chunkSize(_ line: ArraySlice<UInt8>) -> Result<Int, HTTPParseError> {
        var size = 0
        var digits = 0
        for byte in line {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
            case UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"):
                guard digits > 0 else { return .failure(HTTPParseError("chunk size missing")) }
                return .success(size)
            default:
                return .failure(HTTPParseError("chunk size is not hexadecimal"))
            }
            // 15 hex digits is already 1 PiB: anything longer is hostile.
            guard digits < 15 else { return .failure(HTTPParseError("chunk size too large")) }
            size = size << 4 | digit
            digits += 1
        }
        guard digits > 0 else { return .failure(HTTPParseError("chunk size missing")) }
        return .success(size)
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }
}
