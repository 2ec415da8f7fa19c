#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Names decoded before, found again by their bytes: a pod's name and node come again in
/// every update of the pod, its name and a container's field path in each of its Events,
/// and a short Event message ("Readiness probe failed: …") over and over. Each of those Strings was storage allocated on the decoding thread and freed,
/// when the next version replaced it, on the thread applying inputs, where each free
/// waited on the allocator's lock for the decoding thread's arena (thousands of waits a
/// run on a findings-heavy capture). Found here, a name is the String decoded before:
/// compared whole, so it is what decoding the bytes again would give.
///
/// Only names with storage of their own (16 bytes and more; shorter ones are held inside
/// the String) and no longer than `longest`. Bounded: one String a slot, picked by a hash
/// of the bytes, the newest kept. Shared by every decoder, behind a lock.
final class NameTable: Sendable {
    static let shared = NameTable(slotCount: 8_192)
    static let shortest = 16
    static let longest = 64

    private let slots: Mutex<[String?]>
    private let mask: Int

    init(slotCount: Int) {
        precondition(slotCount > 0 && slotCount & (slotCount - 1) == 0, "a power of two")
        slots = Mutex(Array(repeating: nil, count: slotCount))
        mask = slotCount - 1
    }

    /// The String of `count` (`shortest`...`longest`) bytes of valid UTF-8 at `bytes`.
    func name(_ bytes: UnsafePointer<UInt8>, count: Int) -> String {
        let slot = Self.hash(bytes, count: count) & mask
        return slots.withLock { slots -> String in
            if let known = slots[slot], known.utf8.count == count,
               known.utf8.withContiguousStorageIfAvailable({ memcmp($0.baseAddress!, bytes, count) == 0 }) == true {
                return known
            }
            let made = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
            slots[slot] = made
            return made
        }
    }

    /// A multiply-xor hash of the bytes, eight at a time (the last eight too, overlapping).
    private static func hash(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int {
        let raw = UnsafeRawPointer(bytes)
        var hash = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        var offset = 0
        while offset + 8 <= count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 29
            offset += 8
        }
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 32
        return Int(truncatingIfNeeded: hash)
    }
}
