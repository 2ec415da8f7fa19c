import JSONLite

/// Reads Envoy access-log lines in the two encodings Istio writes: its default
/// TEXT format and the JSON encoding (`meshConfig.accessLogEncoding: JSON`).
/// Anything else a proxy container prints (Envoy's own log, the pilot-agent's,
/// garbage) is not an entry: `parse` returns nil and the caller counts it.
///
/// The TEXT format (istio's `EnvoyTextLogFormat`):
///
///     [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
///     %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
///     "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
///     %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
///     "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW%
///     %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
///     %REQUESTED_SERVER_NAME% %ROUTE_NAME%
///
/// Older releases have a quoted `%DYNAMIC_METADATA(istio.mixer:status)%` where the
/// details are, `%UPSTREAM_CLUSTER%`, and no route name. So the fields after the
/// first four are found from the quoted ones counted from the end (the upstream
/// host is the last quoted field, the request id the third last), which holds for
/// every release and for lines whose trailing fields were dropped.
public enum AccessLogParser {
    public static func parse(_ line: UnsafeRawBufferPointer) -> AccessLogEntry? {
        var start = 0
        while start < line.count, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
        guard start < line.count else { return nil }
        switch line[start] {
        case UInt8(ascii: "["): return parseText(UnsafeRawBufferPointer(rebasing: line[start...]))
        case UInt8(ascii: "{"): return parseJSON(UnsafeRawBufferPointer(rebasing: line[start...]))
        default: return nil
        }
    }

    public static func parse(_ line: [UInt8]) -> AccessLogEntry? {
        line.withUnsafeBytes { parse($0) }
    }

    public static func parse(_ line: String) -> AccessLogEntry? {
        parse(Array(line.utf8))
    }

    // MARK: TEXT

    private struct Token {
        enum Kind { case bracketed, quoted, bare }
        var kind: Kind
        var range: Range<Int>
    }

    private static func parseText(_ line: UnsafeRawBufferPointer) -> AccessLogEntry? {
        let tokens = tokenize(line)
        guard tokens.count >= 4, tokens[0].kind == .bracketed, tokens[1].kind == .quoted,
              let start = Timestamp(rfc3339Bytes: UnsafeRawBufferPointer(rebasing: line[tokens[0].range])),
              tokens[2].kind == .bare, let code = integer(line, tokens[2].range), tokens[3].kind == .bare
        else { return nil }
        var entry = AccessLogEntry(start: start, code: code, flags: flags(text(line, tokens[3].range)))
        if tokens.count > 4, tokens[4].kind == .bare { entry.details = field(line, tokens[4].range) }
        // The quoted fields after the request line, counted from the end.
        let quoted = tokens.indices.dropFirst(2).filter { tokens[$0].kind == .quoted }
        if quoted.count >= 5 {
            let host = quoted[quoted.count - 1]
            entry.upstreamHost = field(line, tokens[host].range)
            entry.requestID = field(line, tokens[quoted[quoted.count - 3]].range)
            if host + 1 < tokens.count, tokens[host + 1].kind == .bare { entry.upstreamCluster = field(line, tokens[host + 1].range) }
            let forwardedFor = quoted[quoted.count - 5]
            if forwardedFor >= 2, tokens[forwardedFor - 2].kind == .bare {
                entry.durationMilliseconds = integer(line, tokens[forwardedFor - 2].range)
            }
        }
        return entry
    }

    /// Splits at spaces; `[…]` and `"…"` are one token each, their delimiters left out.
    /// Envoy does not escape quotes inside a header value, so a quote closes a field
    /// only where a space or the end follows it.
    private static func tokenize(_ line: UnsafeRawBufferPointer) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        let count = line.count
        while index < count {
            let byte = line[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "[") {
                let close = byte == UInt8(ascii: "\"") ? UInt8(ascii: "\"") : UInt8(ascii: "]")
                var end = index + 1
                while end < count, !(line[end] == close && (end + 1 == count || line[end + 1] == UInt8(ascii: " "))) { end += 1 }
                tokens.append(Token(kind: byte == UInt8(ascii: "\"") ? .quoted : .bracketed, range: (index + 1)..<min(end, count)))
                index = end + 1
            } else {
                var end = index
                while end < count, line[end] != UInt8(ascii: " "), line[end] != UInt8(ascii: "\t") { end += 1 }
                tokens.append(Token(kind: .bare, range: index..<end))
                index = end
            }
        }
        return tokens
    }

    private static func text(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: line[range.lowerBound..<min(range.upperBound, range.lowerBound + AccessLogEntry.fieldLimit)]),
               as: UTF8.self)
    }

    /// A field's value, terminal-safe and bounded; nil for Envoy's "-" (not set).
    private static func field(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> String? {
        cleaned(text(line, range))
    }

    private static func integer(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 9 else { return nil }
        var value = 0
        for index in range {
            let digit = Int(line[index]) - Int(UInt8(ascii: "0"))
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    // MARK: JSON

    private static func parseJSON(_ line: UnsafeRawBufferPointer) -> AccessLogEntry? {
        guard let document = try? JSONParser().parse(Array(line)), document.object != nil,
              let startText = document["start_time"].string, let start = Timestamp(rfc3339: startText)
        else { return nil }
        guard let codeValue = document.object?["response_code"], let code = number(codeValue) else { return nil }
        var entry = AccessLogEntry(start: start, code: code, flags: flags(document["response_flags"].string ?? "-"))
        entry.details = document["response_code_details"].string.flatMap(cleaned)
        entry.upstreamHost = document["upstream_host"].string.flatMap(cleaned)
        entry.upstreamCluster = document["upstream_cluster"].string.flatMap(cleaned)
        entry.requestID = (document["request_id"].string ?? document["x_request_id"].string).flatMap(cleaned)
        entry.durationMilliseconds = number(document["duration"])
        return entry
    }

    /// A number, or a string holding one (a custom format quotes every operator); null and "-" are none.
    private static func number(_ value: JSON) -> Int? {
        if let int = value.int { return int }
        if let string = value.string { return Int(string) }
        return value.isNull ? 0 : nil
    }

    // MARK: Shared

    private static func flags(_ text: String) -> [String] {
        guard text != "-", !text.isEmpty else { return [] }
        return text.split(separator: ",").compactMap { cleaned(String($0)) }
    }

    private static func cleaned(_ value: String) -> String? {
        guard value != "-", !value.isEmpty else { return nil }
        let bounded = value.utf8.count > AccessLogEntry.fieldLimit ? String(value.unicodeScalars.prefix(AccessLogEntry.fieldLimit)) : value
        let safe = bounded.sanitizedForTerminal
        return safe.isEmpty ? nil : safe
    }
}
