/// The open brackets of a skipped value, innermost last: one bit each (object or array)
/// in a word while they are at most 64 deep, the rest in an array. A skip of
/// `managedFields` (~3 KB of nested objects a pod) then allocates nothing.
struct BracketStack {
    private var bits: UInt64 = 0
    private var depth = 0
    /// Brackets below the innermost 64, oldest first.
    private var spilled: [Bool] = []

    var isEmpty: Bool { depth == 0 }

    mutating func push(isObject: Bool) {
        if depth >= 64 { spilled.append(bits >> 63 == 1) }
        bits = bits << 1 | (isObject ? 1 : 0)
        depth += 1
    }

    /// Whether the innermost bracket is an object's; nil when none is open.
    mutating func pop() -> Bool? {
        guard depth > 0 else { return nil }
        let isObject = bits & 1 == 1
        bits >>= 1
        depth -= 1
        if depth >= 64, let below = spilled.popLast() { bits |= (below ? 1 : 0) << 63 }
        return isObject
    }
}
