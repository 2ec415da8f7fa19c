/// Strings with escapes (a stack trace's `\n\t`, text written as `\u` escapes) made
/// straight into the String's own storage: the string's end is found first, a word at a
/// time, with a bound on the bytes its escapes decode to; no array grown escape by escape
/// and then copied.
extension JSONScanner {
    /// The offset of the quote that closes the string the scanner is in, the scanner at a
    /// backslash: each backslash passes over the byte after it. Nil for a control
    /// character or the end of input first: the byte-at-a-time path then throws, at the
    /// offset and with the words it always gave. `shrink`: how many fewer bytes than it is
    /// written the string decodes to at least: one for `\n` and the like, three for a
    /// `\uXXXX` (at most three bytes of UTF-8; a surrogate pair, twelve, gives four), so
    /// text in other scripts written as `\u` escapes gets storage of nearly its size.
    func endOfEscapedString() -> (end: Int, shrink: Int)? {
        var at = index
        var shrink = 0
        while true {
            at = scanToStringStop(from: at)
            guard at < end else { return nil }
            switch base[at] {
            case UInt8(ascii: "\""): return (at, shrink)
            case UInt8(ascii: "\\"):
                shrink += isWholeUnicodeEscape(at: at) ? 3 : 1
                at += 2
            case 0..<0x20: return nil
            default: at += 1
            }
        }
    }

    /// A `\u` and four more bytes at `at`, none of them a quote or a backslash: six bytes of
    /// the string, whatever they decode to. Only those count three: a short `\u` before the
    /// closing quote would make the bound smaller than the bytes before it.
    private func isWholeUnicodeEscape(at: Int) -> Bool {
        guard at + 6 <= end, base[at + 1] == UInt8(ascii: "u") else { return false }
        for offset in 2..<6 where base[at + offset] == UInt8(ascii: "\"") || base[at + offset] == UInt8(ascii: "\\") {
            return false
        }
        return true
    }

    /// The string from `start` (after its opening quote) to the quote at `end`, decoding
    /// to at most `end - start - shrink` bytes (`endOfEscapedString()`), the scanner
    /// at its first backslash; the scanner is left after the closing quote. Escapes are
    /// undone as `unescapeString(from:)` undoes them and throw the same errors at the same
    /// offsets; invalid UTF-8 becomes U+FFFD, as `String(decoding:as:)` makes it.
    mutating func unescapedString(from start: Int, end: Int, shrink: Int) throws(JSONParseError) -> String {
        var failure: JSONParseError?
        let text = String(unsafeUninitializedCapacity: end - start - shrink) { buffer -> Int in
            guard let base = buffer.baseAddress, let source = bytes.baseAddress else { return 0 }
            var written = 0
            // The bound is the whole safety of these writes: checked wherever asserts are (tests).
            func copy(_ from: Int, _ upTo: Int) {
                assert(written + upTo - from <= buffer.count, "escaped string decoded past its bound")
                (base + written).initialize(from: (source + from).assumingMemoryBound(to: UInt8.self), count: upTo - from)
                written += upTo - from
            }
            func put(_ byte: UInt8) {
                assert(written < buffer.count, "escaped string decoded past its bound")
                base[written] = byte
                written += 1
            }
            copy(start, index)
            do throws(JSONParseError) {
                while index < end {
                    guard bytes[index] == UInt8(ascii: "\\") else {
                        let stop = Swift.min(scanToStringStop(), end)
                        copy(index, stop)
                        index = stop
                        continue
                    }
                    index += 1
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): put(escaped)
                    case UInt8(ascii: "b"): put(0x08)
                    case UInt8(ascii: "f"): put(0x0C)
                    case UInt8(ascii: "n"): put(0x0A)
                    case UInt8(ascii: "r"): put(0x0D)
                    case UInt8(ascii: "t"): put(0x09)
                    case UInt8(ascii: "u"):
                        for unit in UTF8.encode(try parseUnicodeEscape())! { put(unit) }
                    default: throw error("invalid escape")
                    }
                }
            } catch {
                failure = error
                return 0
            }
            return written
        }
        if let failure { throw failure }
        index = end + 1
        return text
    }
}
