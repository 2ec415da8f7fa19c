import JSONLite

/// What the start of a list page, read so far, says about the page after it. The
/// API server writes a list's `metadata` (with `continue`) before its `items`, so
/// the next page can be asked for while this one is still arriving: the server
/// works on page N+1 while rollwatch reads and applies page N.
enum ListPagePeek: Equatable {
    /// Not enough bytes yet to tell.
    case needMore
    /// Another page follows, asked for with this token.
    case next(String)
    /// No page follows, or the body does not say so before its items (then the
    /// next page is asked for once this one is read, as always).
    case none

    /// Past this many bytes without the metadata, the peek gives up: a list's
    /// metadata is a few hundred bytes, so the body is not shaped as expected.
    static let limit = 64 << 10

    /// Peeks at `bytes`, the start of a list body.
    static func of(_ bytes: [UInt8]) -> ListPagePeek {
        let peek = bytes.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw)
            // Stopped short, most likely by the end of what has arrived: more may tell
            // (garbage waits for `limit` or the page's end, and is never taken for a token).
            return (try? continueToken(&scanner)) ?? .needMore
        }
        return peek == .needMore && bytes.count >= limit ? .none : peek
    }

    /// The top-level members up to `metadata`, then its `continue`; a truncated body throws (not enough yet).
    private static func continueToken(_ scanner: inout JSONScanner) throws(JSONParseError) -> ListPagePeek {
        guard let first = scanner.bytes.first(where: { $0 > 0x20 }) else { return .needMore }
        guard first == UInt8(ascii: "{") else { return .none }
        _ = try scanner.peek()
        scanner.enterObject()
        while let key = try scanner.nextKey() {
            switch key {
            case "metadata":
                guard try scanner.enterObjectIfPresent() else { return .none }
                var token: String?
                while let member = try scanner.nextKey() {
                    if member == "continue" { token = try scanner.string() } else { try scanner.skipValue() }
                }
                // The whole metadata object was read: the token (if any) is complete.
                guard let token, !token.isEmpty else { return .none }
                return .next(token)
            case "items":
                return .none
            default:
                try scanner.skipValue()
            }
        }
        return .none
    }
}
