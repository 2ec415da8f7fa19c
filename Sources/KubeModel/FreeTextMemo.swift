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
/// Found by the bytes a string starts with, before its end is known: passing over a
/// stack trace to find its end (a stop at every escaped newline) cost more than the
/// rest of taking it from here. The raw bytes kept run from the opening quote to the
/// closing one, and a JSON string ends at its first unescaped quote, so input that
/// starts with exactly those bytes holds exactly that string there.
///
/// Bounded: `setCount` sets of `ways` strings, a set picked by a hash of a string's
/// first `shortest` bytes (every string kept has that many), the newest first and the
/// oldest dropped; each string at most `longest` bytes (a few MB in all). Stack traces
/// of one app share their first lines; the ways keep several of them. Shared by every
/// decoder in the process, behind a lock: the decoding thread of a report and the live
/// session's loop may both decode.
final class FreeTextMemo: Sendable {
    static let shared = FreeTextMemo()

    /// Shorter strings cost less to decode than to look up; every string kept is at least
    /// this long, quotes included, and its first this many bytes pick its set.
    static let shortest = 256
    /// Longer ones are not kept (the kubelet caps a termination message at 4 KiB).
    static let longest = 16 << 10
    private static let setCount = 128
    private static let ways = 4

    private struct Entry {
        let raw: [UInt8]
        let text: String
    }

    private let entries = Mutex<[Entry?]>(Array(repeating: nil, count: FreeTextMemo.setCount * FreeTextMemo.ways))

    /// The String made before of the string `input` starts with (from its opening quote;
    /// the input may go on past the string), and the string's length in raw bytes; nil
    /// when none kept is at its start.
    func text(startingWith input: UnsafeRawBufferPointer) -> (text: String, count: Int)? {
        guard input.count >= Self.shortest else { return nil }
        let first = Self.set(of: input) * Self.ways
        return entries.withLock { entries -> (text: String, count: Int)? in
            for slot in first..<(first + Self.ways) {
                guard let entry = entries[slot] else { return nil }
                if entry.raw.count <= input.count,
                   entry.raw.withUnsafeBytes({ memcmp($0.baseAddress!, input.baseAddress!, entry.raw.count) == 0 }) {
                    return (entry.text, entry.raw.count)
                }
            }
            return nil
        }
    }

    /// Keeps `text` as what `raw` (a whole string, quotes included, at least `shortest`
    /// bytes) makes: first in its set, the set's oldest dropped.
    func remember(_ text: String, for raw: UnsafeRawBufferPointer) {
        guard raw.count >= Self.shortest, raw.count <= Self.longest else { return }
        let entry = Entry(raw: Array(raw), text: text)
        let first = Self.set(of: raw) * Self.ways
        entries.withLock { entries in
            for slot in stride(from: first + Self.ways - 1, to: first, by: -1) { entries[slot] = entries[slot - 1] }
            entries[first] = entry
        }
    }

    /// A multiply-xor hash of the first `shortest` bytes, eight at a time.
    private static func set(of bytes: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        for offset in stride(from: 0, to: shortest, by: 8) {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 29
        }
        hash ^= hash >> 32
        return Int(hash % UInt64(setCount))
    }
}
