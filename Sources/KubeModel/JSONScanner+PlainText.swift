import CByteScan
import JSONLite

extension JSONScanner {
    /// `string()` made terminal-safe (`sanitizedForTerminal`) in one pass over the bytes, for
    /// the strings nearly all are: printable ASCII with, at most, the escapes of a stack
    /// trace or a quote (`\n`, `\t`, `\r`, `\"`, `\\`, `\/`, `\b`, `\f`). Those are undone
    /// as the sanitizer then rewrites them: a line break, return or tab a space, a backspace
    /// or form feed dropped. Read the long way (a String decoded, then looked at again three
    /// times to be cleaned), a termination message's stack trace cost twice as much.
    ///
    /// Whitespace before the string (`"key": "value"`, as Python's `json.dumps` writes) is
    /// passed over, as a value's readers pass it over. Nil, the scanner where it was, for
    /// anything else: not a string, other escapes or bytes, a string that decodes to more
    /// than `longest` bytes (which the caller cuts), or a malformed one; the caller then
    /// reads it as before, in the words it always gave.
    mutating func plainTerminalString(longest: Int) -> String? {
        let rest = rest
        guard rest.count >= 2, var start = rest.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let leading = start[0] <= 0x20 ? whitespaceEnd(from: index) - index : 0
        start += leading
        let input = UnsafeRawBufferPointer(start: start, count: rest.count - leading)
        guard input.count >= 2, start[0] == UInt8(ascii: "\"") else { return nil }
        // First the closing quote, and what the escapes before it take away.
        var at = 1, escapes = 0, dropped = 0
        while true {
            at += rw_plain_text_stop(start + at, input.count - at)
            guard at < input.count else { return nil }
            if start[at] == UInt8(ascii: "\"") { break }
            guard start[at] == UInt8(ascii: "\\"), at + 1 < input.count else { return nil }
            switch start[at + 1] {
            case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): break
            case UInt8(ascii: "b"), UInt8(ascii: "f"): dropped += 1
            default: return nil
            }
            escapes += 1
            at += 2
        }
        let closingQuote = at
        guard closingQuote - 1 - escapes <= longest else { return nil }
        let text: String
        if escapes == 0 {
            let count = closingQuote - 1
            text = count >= NameTable.shortest && count <= NameTable.longest
                ? NameTable.shared.name(start + 1, count: count)
                : String(decoding: UnsafeBufferPointer(start: start + 1, count: count), as: UTF8.self)
        } else {
            text = String(unsafeUninitializedCapacity: closingQuote - 1 - escapes - dropped) { buffer in
                Self.undoPlainEscapes(from: start + 1, to: start + closingQuote, into: buffer)
            }
        }
        advance(pastRecognized: leading + closingQuote + 1)
        return text
    }

    /// Copies `from..<to` into `buffer` with each escape undone and cleaned as
    /// `plainTerminalString` says; the bytes written.
    private static func undoPlainEscapes(from: UnsafePointer<UInt8>, to: UnsafePointer<UInt8>,
                                         into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard var output = buffer.baseAddress else { return 0 }
        var from = from
        while from < to {
            // Only backslashes are left inside: the closing quote is `to`.
            let run = rw_quote_or_backslash(from, to - from)
            output.initialize(from: from, count: run)
            output += run
            from += run
            guard from < to else { break }
            switch from[1] {
            case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"):
                output.pointee = UInt8(ascii: " ")
                output += 1
            case UInt8(ascii: "b"), UInt8(ascii: "f"):
                break
            default:
                output.pointee = from[1]
                output += 1
            }
            from += 2
        }
        return output - buffer.baseAddress!
    }
}
