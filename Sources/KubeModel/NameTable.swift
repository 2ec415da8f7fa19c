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
        let slot = Int(truncatingIfNeeded: ByteHash.of(bytes, count: count)) & mask
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
}
