/// The multiply-xor hash the decoders' memos pick a slot with (`PrefixMemo`, `NameTable`):
/// eight bytes a step, a few instructions each. Never trusted: what a slot holds is
/// compared with the bytes whole.
enum ByteHash {
    /// The hash of the `count` (at least 8) bytes at `raw`, eight at a time; when `count`
    /// is not a multiple of eight, the last eight too (overlapping the step before).
    static func of(_ raw: UnsafeRawPointer, count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64 {
        var hash = seed
        var offset = 0
        while offset + 8 <= count {
            hash = step(hash, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < count { hash = step(hash, raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) }
        return hash ^ hash >> 32
    }

    @inline(__always)
    private static func step(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
        return mixed ^ mixed >> 29
    }
}
