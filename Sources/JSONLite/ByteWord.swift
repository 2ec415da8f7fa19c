/// Eight bytes of input read as one word, and exact per-byte tests on it (bit tricks
/// from "Bit Twiddling Hacks"): each test sets the high bit of exactly the bytes that
/// match, with no borrow from one byte into the next, so the first match is
/// `trailingZeroBitCount / 8` bytes in. The scanner finds the end of a string or the
/// next bracket this way instead of testing every byte.
enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The eight bytes at `offset` from `base`, the first in the lowest byte whatever the machine's order.
    @inline(__always)
    static func load(_ base: UnsafePointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The high bit of every byte of `word` that is zero.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        ~(((word & lowBits) &+ lowBits) | word | lowBits)
    }

    /// The high bit of every byte of `word` equal to `byte`.
    @inline(__always)
    static func bytes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 {
        zeroBytes(word ^ (ones &* UInt64(byte)))
    }

    /// The high bit of every byte that stops a plain run of a string: a quote, a
    /// backslash or a control character (below 0x20).
    @inline(__always)
    static func stringStops(_ word: UInt64) -> UInt64 {
        bytes(word, equalTo: UInt8(ascii: "\"")) | bytes(word, equalTo: UInt8(ascii: "\\"))
            | zeroBytes(word & (ones &* 0xE0))
    }

    /// How many bytes come before the first marked one (`marks` nonzero).
    @inline(__always)
    static func firstMarked(_ marks: UInt64) -> Int {
        marks.trailingZeroBitCount &>> 3
    }

    /// `word` with only its first `count` bytes kept (count 0...7).
    @inline(__always)
    static func prefix(_ word: UInt64, bytes count: Int) -> UInt64 {
        word & ((1 &<< UInt64(count &* 8)) &- 1)
    }
}
