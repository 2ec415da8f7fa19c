#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Long free text met again, by its raw JSON bytes: the String `freeText()` made of them.
///
/// A watch sends an object whole on each change, so a pod's long strings come again
/// unchanged with every update of it: the last termination message of each container
/// (a stack trace of kilobytes), a waiting message, a condition's message; and one
/// Event message comes for pod after pod. Unescaping and cleaning such a string each
/// time was most of decoding those updates. The same bytes always make the same
/// String, so a string found here (its bytes compared whole, not trusted to a hash)
/// is what decoding it again would give.
///
/// Bounded: a slot per hash, the newer string taking it, each at most `longest` bytes
/// (a few MB in all). Shared by every decoder in the process, behind a lock: the
/// decoding thread of a report and the live session's loop may both decode.
final class FreeTextMemo: Sendable {
    static let shared = FreeTextMemo()

    /// Shorter strings cost less to decode than to look up.
    static let shortest = 256
    /// Longer ones are not kept (the kubelet caps a termination message at 4 KiB).
    static let longest = 16 << 10
    private static let slotCount = 512

    private struct Entry {
        let raw: [UInt8]
        let text: String
    }

    private let slots = Mutex<[Entry?]>(Array(repeating: nil, count: FreeTextMemo.slotCount))

    /// The String made before of these raw bytes (quotes included), if it is still kept.
    func text(for raw: UnsafeRawBufferPointer) -> String? {
        let slot = Self.slot(of: raw)
        return slots.withLock { entries -> String? in
            guard let entry = entries[slot], entry.raw.count == raw.count,
                  entry.raw.withUnsafeBytes({ memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0 })
            else { return nil }
            return entry.text
        }
    }

    /// Keeps `text` as what `raw` makes, in place of whatever had its slot.
    func remember(_ text: String, for raw: UnsafeRawBufferPointer) {
        guard raw.count <= Self.longest else { return }
        let entry = Entry(raw: Array(raw), text: text)
        let slot = Self.slot(of: raw)
        slots.withLock { $0[slot] = entry }
    }

    /// A multiply-xor hash of the bytes' count and of words of them, eight bytes each:
    /// every word of a string up to `wholeHashed` bytes; of a longer one, the first and
    /// last 64 bytes and 16 words spread between. The bytes are compared whole anyway, so
    /// the hash only picks the slot: hashing every word of a stack trace was most of a
    /// lookup, and strings that share the words sampled only share a slot.
    private static func slot(of raw: UnsafeRawBufferPointer) -> Int {
        var hash = UInt64(truncatingIfNeeded: raw.count) &* 0x9E37_79B9_7F4A_7C15
        func mix(wordAt offset: Int) {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 29
        }
        if raw.count <= wholeHashed {
            var offset = 0
            while offset + 8 <= raw.count {
                mix(wordAt: offset)
                offset += 8
            }
            while offset < raw.count {
                hash = (hash ^ UInt64(raw[offset])) &* 0xC4CE_B9FE_1A85_EC53
                offset += 1
            }
        } else {
            for offset in stride(from: 0, to: 64, by: 8) { mix(wordAt: offset) }
            for offset in stride(from: raw.count - 64, to: raw.count, by: 8) { mix(wordAt: offset) }
            let between = raw.count - 136
            for sample in 0..<16 { mix(wordAt: 64 + between * sample / 16) }
        }
        hash ^= hash >> 32
        return Int(hash % UInt64(slotCount))
    }

    /// Strings up to this long have every word hashed (see `slot(of:)`).
    private static let wholeHashed = 256
}
