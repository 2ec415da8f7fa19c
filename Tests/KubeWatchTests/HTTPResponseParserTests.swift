import Testing
@testable import KubeWatch

/// The HTTP/1.1 responses rollwatch reads from `kubectl proxy`, split every way a
/// socket read can split them.
struct HTTPResponseParserTests {
    /// What the parser made of `input` fed in chunks of `size`: heads, the body joined, ends, or the error.
    struct Outcome: Equatable {
        var heads: [HTTPResponseHead] = []
        var bodies: [String] = []
        var ends = 0
        var error: HTTPParseError?
    }

    func parse(_ input: [UInt8], chunk size: Int) -> Outcome {
        var parser = HTTPResponseParser()
        var outcome = Outcome()
        var body: [UInt8] = []
        func take(_ event: HTTPResponseParser.Event) {
            switch event {
            case .head(let head): outcome.heads.append(head)
            case .body(let piece): body += piece
            case .end:
                outcome.bodies.append(String(decoding: body, as: UTF8.self))
                body = []
                outcome.ends += 1
            }
        }
        do {
            var offset = 0
            while offset < input.count {
                parser.append(input[offset..<min(offset + size, input.count)])
                while let event = try parser.next() { take(event) }
                offset += size
            }
            while let event = try parser.finish() { take(event) }
        } catch {
            outcome.error = error
        }
        if !body.isEmpty { outcome.bodies.append(String(decoding: body, as: UTF8.self)) }
        return outcome
    }

    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let watch = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "1c\r\n{\"type\":\"ADDED\",\"object\":{}}\r\n"
        + "5;ext=1\r\n{\"a\":\r\n" + "3\r\n1}\n\r\n"
        + "0\r\nX-Trailer: yes\r\n\r\n"

    @Test func aChunkedBodyIsDechunkedWhateverTheSplit() {
        let input = bytes(Self.watch)
        for size in [1, 2, 3, 5, 7, 13, 64, input.count] {
            let outcome = parse(input, chunk: size)
            #expect(outcome.error == nil, "chunk \(size)")
            #expect(outcome.heads.map(\.status) == [200])
            #expect(outcome.heads.first?.header("transfer-encoding") == "chunked")
            #expect(outcome.heads.first?.header("content-type") == "application/json")
            #expect(outcome.bodies == ["{\"type\":\"ADDED\",\"object\":{}}{\"a\":1}\n"], "chunk \(size)")
            #expect(outcome.ends == 1)
        }
    }

    @Test func contentLengthAndBareLineFeedsAndAnInterimContinue() {
        let status = #"{"kind":"Status","code":410,"reason":"Expired"}"#
        let input = bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 410 Gone\nContent-Length: \(status.utf8.count)\n\n\(status)")
            + bytes("HTTP/1.1 204 No Content\r\n\r\n")
        for size in [1, 4, input.count] {
            let outcome = parse(input, chunk: size)
            #expect(outcome.error == nil)
            #expect(outcome.heads.map(\.status) == [410, 204], "the 100 is skipped, chunk \(size)")
            #expect(outcome.heads.first?.reason == "Gone")
            #expect(outcome.bodies == [status, ""])
        }
    }

    @Test func aBodyWithoutLengthRunsToTheClose() {
        let outcome = parse(bytes("HTTP/1.0 200 OK\r\n\r\nline one\nline two\n"), chunk: 3)
        #expect(outcome.error == nil)
        #expect(outcome.bodies == ["line one\nline two\n"])
        #expect(outcome.ends == 1)
    }

    @Test func aResponseCutShortIsAnError() {
        for cut in [bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"a\":"),
                    bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345"),
                    bytes("HTTP/1.1 200 OK\r\nContent-")] {
            let outcome = parse(cut, chunk: 4)
            #expect(outcome.error?.reason.contains("closed inside a response") == true, "\(outcome)")
        }
        // Nothing at all is no response, not an error.
        #expect(parse([], chunk: 1) == Outcome())
    }

    @Test(arguments: [
        ("<html><body>502 Bad Gateway</body></html>\r\n\r\n", "not an HTTP status line: <html>"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk size is not hexadecimal"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", "chunk size too large"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", "chunk data longer than its size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported transfer-encoding"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "content-length -1"),
        ("HTTP/1.1 200 OK\r\n: no name\r\n\r\n", "header without a name"),
    ])
    func malformedResponsesSayWhat(input: String, reason: String) {
        for size in [1, input.utf8.count] {
            let outcome = parse(bytes(input), chunk: size)
            #expect(outcome.error?.reason.hasPrefix(reason) == true, "\(outcome.error?.reason ?? "no error") for chunk \(size)")
        }
    }

    @Test func endlessHeadersAndLinesAreBounded() throws {
        var parser = HTTPResponseParser()
        parser.append(bytes("HTTP/1.1 200 OK\r\nX: ") + [UInt8](repeating: 0x41, count: HTTPResponseParser.maximumHeadSize + 1))
        #expect(throws: HTTPParseError.self) { try parser.next() }
        // Once failed, it stays failed.
        #expect(throws: HTTPParseError.self) { try parser.next() }

        var chunked = HTTPResponseParser()
        chunked.append(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"))
        #expect(try chunked.next() != nil)
        chunked.append([UInt8](repeating: 0x31, count: 10) + [UInt8](repeating: 0x3B, count: HTTPResponseParser.maximumLineSize))
        #expect(throws: HTTPParseError.self) { try chunked.next() }
    }

    /// A watch body that never ends is handed on as it comes, never held.
    @Test func aLongBodyIsNotBuffered() throws {
        var parser = HTTPResponseParser()
        parser.append(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"))
        _ = try parser.next()
        var received = 0
        for _ in 0..<1_000 {
            parser.append(bytes("400\r\n") + [UInt8](repeating: 0x20, count: 1024) + bytes("\r\n"))
            while let event = try parser.next() {
                if case .body(let piece) = event { received += piece.count }
            }
            #expect(parser.bufferedByteCount < 16)
        }
        #expect(received == 1_024_000)
    }
}
