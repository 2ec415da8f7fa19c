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

    /// All bytes in 0x20..<0x7F, eight at a time: no byte with the high bit, none below
    /// 0x20 (a borrow sets the high bit), and none equal to 0x7F (0x7F + 1 sets it).
    private static func isPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        let raw = UnsafeRawBufferPointer(bytes)
        while index + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let belowSpace = (word &- ones &* 0x20) & ~word
            let isDelete = ((word ^ (ones &* 0x7F)) &- ones) & ~(word ^ (ones &* 0x7F))
            if (word | belowSpace | isDelete) & high != 0 { return false }
            index += 8
        }
        while index < raw.count {
            let byte = raw[index]
            if byte < 0x20 || byte >= 0x7F { return false }
            index += 1
        }
        return true
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
    /// (`D8`) or of a bidi control (`E2`). Every other byte is copied as it is.
    private static func nextToLookAt(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        // Eight bytes at a time: the high bit of each zero byte, exactly (as JSONLite's
        // `ByteWord`, internal to it), of the word masked to its top three bits (a control)
        // or XORed with each byte looked for.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        func zeroBytes(_ word: UInt64) -> UInt64 { ~(((word & low) &+ low) | word | low) }
        let raw = UnsafeRawBufferPointer(bytes)
        var index = start
        while index + 8 <= raw.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let marks = zeroBytes(word & (ones &* 0xE0)) | zeroBytes(word ^ (ones &* 0x7F))
                | zeroBytes(word ^ (ones &* 0xC2)) | zeroBytes(word ^ (ones &* 0xD8)) | zeroBytes(word ^ (ones &* 0xE2))
            if marks != 0 { return index + marks.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < raw.count {
            let byte = raw[index]
            if byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2 { return index }
            index += 1
        }
        return raw.count
    }

    /// True when valid UTF-8 `bytes` hold none of what `sanitizedForTerminal` removes or
    /// replaces: C0 (tabs and newlines too), DEL, C1 (U+0080–U+009F, `C2 80`–`C2 9F`), the bidi
    /// controls U+202A–U+202E, U+2066–U+2069, U+200E, U+200F (`E2 80 …`, `E2 81 …`) and U+061C (`D8 9C`).
    /// Only the bytes `nextToLookAt` stops at can start one of those (every other byte is
    /// kept as it is), so it finds them eight bytes at a time: text in other scripts is
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
