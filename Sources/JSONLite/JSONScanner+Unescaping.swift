/// Strings with escapes (a stack trace's `\n\t`, text written as `\u` escapes) made
/// straight into the String's own storage: the string's end is found first, a word at a
/// time, and since no escape decodes longer than it is written, its length bounds the
/// bytes; no array grown escape by escape and then copied.
extension JSONScanner {
    /// The offset of the quote that closes the string the scanner is in, the scanner at a
    /// backslash: each backslash passes over the byte after it. Nil for a control
    /// character or the end of input first: the byte-at-a-time path then throws, at the
    /// offset and with the words it always gave.
    func endOfEscapedString() -> Int? {
        var at = index
        let count = bytes.count
        while true {
            while at + 8 <= count {
                let stops = ByteWord.stringStops(ByteWord.load(bytes, at: at))
                if stops != 0 {
                    at += ByteWord.firstMarked(stops)
                    break
                }
                at += 8
            }
            guard at < count else { return nil }
            switch bytes[at] {
            case UInt8(ascii: "\""): return at
            case UInt8(ascii: "\\"): at += 2
            case 0..<0x20: return nil
            default: at += 1
            }
        }
    }

    /// The string from `start` (after its opening quote) to the quote at `end`, the scanner
    /// at its first backslash; the scanner is left after the closing quote. Escapes are
    /// undone as `unescapeString(from:)` undoes them and throw the same errors at the same
    /// offsets; invalid UTF-8 becomes U+FFFD, as `String(decoding:as:)` makes it.
    mutating func unescapedString(from start: Int, end: Int) throws(JSONParseError) -> String {
        var failure: JSONParseError?
        let text = String(unsafeUninitializedCapacity: end - start) { buffer -> Int in
            guard let base = buffer.baseAddress, let source = bytes.baseAddress else { return 0 }
            var written = 0
            func copy(_ from: Int, _ upTo: Int) {
                (base + written).initialize(from: (source + from).assumingMemoryBound(to: UInt8.self), count: upTo - from)
                written += upTo - from
            }
            func put(_ byte: UInt8) {
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
