import CByteScan

extension String {
    /// The string with every control character (C0, DEL, C1), escape sequence and
    /// bidi override removed, so a hostile pod name or event message cannot move the
    /// cursor, retitle the terminal or reorder text. Newlines and tabs become spaces.
    public var sanitizedForTerminal: String {
        // Most strings (names, phases, reasons) are printable ASCII: nothing to remove.
        if utf8.withContiguousStorageIfAvailable(Self.isPrintableASCII) ?? utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return self
        }
        // Most of the rest (names and messages in other scripts) hold nothing to remove
        // either: a look at the bytes costs far less than rebuilding scalar by scalar.
        if utf8.withContiguousStorageIfAvailable(Self.holdsNothingToRemove) == true { return self }
        // Newlines and tabs in messages (stack traces) without escape sequences: the same
        // rules byte by byte, where the scalar walk below costs ten times more.
        if let cleaned = utf8.withContiguousStorageIfAvailable(Self.sanitizedWithoutEscapes), let cleaned { return cleaned }
        return sanitizedScalarByScalar
    }

    /// Whether `sanitizedForTerminal` gives the string back as it is: printable ASCII, or
    /// text holding nothing it removes or replaces. Strings each of which it leaves as they
    /// are make a line it leaves as it is, so a writer can copy them without joining them.
    public var isTerminalSafe: Bool {
        utf8.withContiguousStorageIfAvailable { Self.isPrintableASCII($0) || Self.holdsNothingToRemove($0) }
            ?? (sanitizedForTerminal == self)
    }

    /// The rules scalar by scalar, escape sequences included: what the fast paths must equal.
    var sanitizedScalarByScalar: String {
        var result = String.UnicodeScalarView()
        var iterator = unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar.value {
            case 0x1B, 0x9B, 0x9D, 0x90, 0x9E, 0x9F:
                // ESC or a C1 introducer: drop the whole sequence it starts.
                skipEscapeSequence(startingWith: scalar, in: &iterator)
            case 0x09, 0x0A, 0x0D:
                result.append(" ")
            case 0x00..<0x20, 0x7F...0x9F:
                continue
            case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                continue
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// All bytes in 0x20..<0x7F (`rw_printable_ascii_end`, sixteen at a time).
    private static func isPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return rw_printable_ascii_end(base, bytes.count) == bytes.count
    }

    /// `sanitizedForTerminal` of valid UTF-8 `bytes` holding no escape introducer (ESC, or
    /// the C1 CSI, OSC, DCS, PM, APC); nil when they hold one, as those start sequences to drop.
    /// Runs of bytes kept as they are are found eight at a time and copied at once.
    private static func sanitizedWithoutEscapes(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        let count = bytes.count
        while index < count {
            let runStart = index
            index = nextToLookAt(bytes, from: index)
            if index > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            guard index < count else { break }
            let byte = bytes[index]
            if byte < 0x80 {
                switch byte {
                case 0x1B: return nil
                case 0x09, 0x0A, 0x0D: output.append(0x20)
                case 0x00..<0x20, 0x7F: break
                default: output.append(byte)
                }
                index += 1
                continue
            }
            let next = index + 1 < count ? bytes[index + 1] : 0
            let last = index + 2 < count ? bytes[index + 2] : 0
            var removed = 0
            switch byte {
            case 0xC2 where next >= 0x80 && next <= 0x9F:
                if next == 0x9B || next == 0x9D || next == 0x90 || next == 0x9E || next == 0x9F { return nil }
                removed = 2
            case 0xD8 where next == 0x9C:
                removed = 2
            case 0xE2 where next == 0x80 && (last == 0x8E || last == 0x8F || (0xAA...0xAE).contains(last)):
                removed = 3
            case 0xE2 where next == 0x81 && (0xA6...0xA9).contains(last):
                removed = 3
            default:
                output.append(byte)
                index += 1
                continue
            }
            index += removed
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The first byte at or after `start` that `sanitizedWithoutEscapes` must look at (or
    /// `bytes.count`): a C0 control, DEL, or the lead byte of a C1 control (`C2`), of U+061C
    /// (`D8`) or of a bidi control (`E2`). Every other byte is copied as it is (`rw_terminal_stop`).
    private static func nextToLookAt(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count else { return bytes.count }
        return start + rw_terminal_stop(base + start, bytes.count - start)
    }

    /// True when valid UTF-8 `bytes` hold none of what `sanitizedForTerminal` removes or
    /// replaces: C0 (tabs and newlines too), DEL, C1 (U+0080–U+009F, `C2 80`–`C2 9F`), the bidi
    /// controls U+202A–U+202E, U+2066–U+2069, U+200E, U+200F (`E2 80 …`, `E2 81 …`) and U+061C (`D8 9C`).
    /// Only the bytes `nextToLookAt` stops at can start one of those (every other byte is
    /// kept as it is), so it finds them sixteen bytes at a time: text in other scripts is
    /// mostly bytes of 0x80 and up, which a byte-at-a-time walk visited one by one.
    private static func holdsNothingToRemove(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while true {
            index = nextToLookAt(bytes, from: index)
            guard index < count else { return true }
            let byte = bytes[index]
            // A C0 control or DEL: the only bytes below 0x80 it stops at.
            if byte < 0x80 { return false }
            let next = index + 1 < count ? bytes[index + 1] : 0
            switch byte {
            case 0xC2 where next >= 0x80 && next <= 0x9F: return false
            case 0xD8 where next == 0x9C: return false
            case 0xE2 where next == 0x80 || next == 0x81:
                let last = index + 2 < count ? bytes[index + 2] : 0
                if next == 0x80, last == 0x8E || last == 0x8F || (0xAA...0xAE).contains(last) { return false }
                if next == 0x81, (0xA6...0xA9).contains(last) { return false }
            default: break
            }
            index += 1
        }
    }

    private func skipEscapeSequence(startingWith first: Unicode.Scalar, in iterator: inout String.UnicodeScalarView.Iterator) {
        var kind = first.value
        if kind == 0x1B {
            guard let next = iterator.next() else { return }
            switch next {
            case "[": kind = 0x9B
            case "]": kind = 0x9D
            case "P": kind = 0x90
            case "^": kind = 0x9E
            case "_": kind = 0x9F
            default: return // a two-character escape such as ESC c: both dropped
            }
        }
        if kind == 0x9B {
            // CSI: parameters and intermediates, then one final byte in 0x40...0x7E.
            while let scalar = iterator.next() {
                if (0x40...0x7E).contains(scalar.value) { return }
                if scalar.value >= 0x80 || scalar.value < 0x20 { return }
            }
            return
        }
        // OSC, DCS, PM, APC: up to BEL or ST (ESC \ or 0x9C).
        while let scalar = iterator.next() {
            if scalar.value == 0x07 || scalar.value == 0x9C { return }
            if scalar.value == 0x1B {
                _ = iterator.next()
                return
            }
        }
    }
}
