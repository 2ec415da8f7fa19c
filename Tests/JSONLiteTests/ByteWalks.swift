// Byte-at-a-time references for the tests of the 64-byte searches (CByteScan).

/// The byte-at-a-time walk the 64-byte searches stand for: which bytes of JSON text are
/// outside strings (a string's own quotes count as inside; a backslash in a string takes
/// the next byte whatever it is).
struct StringWalk {
    private(set) var inString = false
    private(set) var escaped = false

    /// Whether `byte`, the next one, stands outside every string.
    mutating func isOutside(_ byte: UInt8) -> Bool {
        if inString {
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            return false
        }
        if byte == UInt8(ascii: "\"") {
            inString = true
            return false
        }
        return true
    }
}

/// `count` random containers to walk: an opening bracket of either kind, then up to 400
/// bytes drawn from one of `alphabets` in turn (xorshift from `seed`, the same every run).
func randomContainers(count: Int, seed: UInt64, alphabets: [[UInt8]]) -> [[UInt8]] {
    var state = seed
    func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
    return (0..<count).map { round in
        let alphabet = alphabets[round % alphabets.count]
        var bytes: [UInt8] = [next(2) == 0 ? UInt8(ascii: "{") : UInt8(ascii: "[")]
        for _ in 0..<next(400) { bytes.append(alphabet[next(alphabet.count)]) }
        return bytes
    }
}
