import CByteScan
import Testing

/// CByteScan's searches, sixteen bytes at a time, against the same tests made a byte at a
/// time: every byte value at every position of a buffer longer than two vector widths
/// (so each is met in the vector loop and in the tail), and random buffers.
struct ByteScanTests {
    typealias Search = @Sendable (UnsafePointer<UInt8>, Int) -> Int

    static let searches: [(name: String, search: Search, stops: @Sendable (UInt8) -> Bool)] = [
        ("rw_string_stop", { rw_string_stop($0, $1) }, { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }),
        ("rw_quote_or_backslash", { rw_quote_or_backslash($0, $1) }, { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
        ("rw_printable_ascii_end", { rw_printable_ascii_end($0, $1) }, { $0 < 0x20 || $0 >= 0x7F }),
        ("rw_terminal_stop", { rw_terminal_stop($0, $1) }, { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }),
        ("rw_plain_text_stop", { rw_plain_text_stop($0, $1) },
         { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 > 0x7E }),
    ]

    /// `rw_name_stop16`, which looks at sixteen bytes at once: every byte value at every
    /// one of them, against the same test made a byte at a time.
    @Test func nameStopsAtEveryByteOfItsSixteen() {
        let stops: (UInt8) -> Bool = { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 >= 0x80 }
        for value in 0...255 {
            for position in 0..<16 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 16)
                bytes[position] = UInt8(value)
                let found = bytes.withUnsafeBufferPointer { Int(rw_name_stop16($0.baseAddress!)) }
                #expect(found == Self.reference(bytes, stops), "byte \(value) at \(position)")
            }
        }
    }

    static func reference(_ bytes: [UInt8], _ stops: (UInt8) -> Bool) -> Int {
        bytes.firstIndex(where: stops) ?? bytes.count
    }

    @Test func everyByteAtEveryPosition() {
        for (name, search, stops) in Self.searches {
            for value in 0...255 {
                let byte = UInt8(value)
                for position in 0..<40 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 40)
                    bytes[position] = byte
                    // Every length, so the byte is also met past the end (not to be found).
                    for count in [position, position + 1, 40] {
                        let found = bytes.withUnsafeBufferPointer { search($0.baseAddress!, count) }
                        let expected = Self.reference(Array(bytes[..<count]), stops)
                        guard found == expected else {
                            Issue.record("\(name): byte \(value) at \(position) of \(count): \(found), not \(expected)")
                            return
                        }
                    }
                }
            }
        }
    }

    @Test func randomBuffers() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for (name, search, stops) in Self.searches {
            for _ in 0..<2_000 {
                let count = Int(next() % 100)
                // Mostly bytes none of the searches stops at, so a stop is far in now and then.
                let bytes = (0..<count).map { _ in next() % 50 == 0 ? UInt8(truncatingIfNeeded: next()) : UInt8(ascii: "b") }
                let found = bytes.withUnsafeBufferPointer { $0.baseAddress.map { search($0, count) } ?? 0 }
                #expect(found == Self.reference(bytes, stops), "\(name): \(bytes)")
            }
        }
    }
}
