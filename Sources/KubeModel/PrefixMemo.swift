#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Values decoded before, found again by the raw JSON bytes they were decoded from,
/// before the end of those bytes in the input is known.
///
/// A watch sends an object whole on each change, so most of what an update holds came
/// the same before: a container's last termination message (a stack trace of kilobytes)
/// in every update of its pod, each endpoint of a slice the controller writes again when
/// one of them changes. Finding such a value's end costs most of decoding it (a stop at
/// every escape, every member's name read). Here the bytes kept run from the value's
/// first byte to its last, and a JSON value ends where its bytes say, so input that
/// starts with exactly those bytes holds exactly that value there: compared whole, not
/// trusted to a hash, it is what decoding them again would give.
///
/// Bounded: `setCount` sets of `ways` values, a set picked by a hash of a value's first
/// `hashedPrefix` bytes (every value kept has that many, and at most `longest`), the newest
/// first and the oldest dropped. Values alike for their first bytes (stack traces of one
/// app, endpoints of one pod before and after its readiness changed) each keep a way.
/// A container is kept with the depth it was met at, and found again only at that depth:
/// the same bytes nested deeper could pass the parser's depth limit, which the decode that
/// kept them did not meet.
///
/// Shared by every decoder in the process, behind a lock: the decoding thread of a report
/// and the live session's loop may both decode.
final class PrefixMemo<Value: Sendable>: Sendable {
    let hashedPrefix: Int
    let longest: Int
    private let setCount: Int
    private let ways: Int

    private struct Entry: Sendable {
        let raw: [UInt8]
        let depth: Int
        let value: Value
    }

    private let entries: Mutex<[Entry?]>

    init(hashedPrefix: Int, longest: Int, setCount: Int, ways: Int) {
        precondition(hashedPrefix % 8 == 0 && hashedPrefix > 0)
        self.hashedPrefix = hashedPrefix
        self.longest = longest
        self.setCount = setCount
        self.ways = ways
        entries = Mutex(Array(repeating: nil, count: setCount * ways))
    }

    /// The value decoded before, at `depth`, of the value `input` starts with (the input may
    /// go on past it), and its length in raw bytes; nil when none kept is at its start.
    func value(startingWith input: UnsafeRawBufferPointer, depth: Int) -> (value: Value, count: Int)? {
        guard input.count >= hashedPrefix else { return nil }
        let first = set(of: input) * ways
        return entries.withLock { entries -> (value: Value, count: Int)? in
            for slot in first..<(first + ways) {
                guard let entry = entries[slot] else { return nil }
                if entry.raw.count <= input.count, entry.depth == depth,
                   entry.raw.withUnsafeBytes({ memcmp($0.baseAddress!, input.baseAddress!, entry.raw.count) == 0 }) {
                    return (entry.value, entry.raw.count)
                }
            }
            return nil
        }
    }

    /// Keeps `value` as what `raw` (one whole value, `hashedPrefix` to `longest` bytes)
    /// decodes to at `depth`: first in its set, the set's oldest dropped.
    func remember(_ value: Value, for raw: UnsafeRawBufferPointer, depth: Int) {
        guard raw.count >= hashedPrefix, raw.count <= longest else { return }
        let entry = Entry(raw: Array(raw), depth: depth, value: value)
        let first = set(of: raw) * ways
        entries.withLock { entries in
            for slot in stride(from: first + ways - 1, to: first, by: -1) { entries[slot] = entries[slot - 1] }
            entries[first] = entry
        }
    }

    /// The set of a value, by a hash of its first `hashedPrefix` bytes.
    private func set(of bytes: UnsafeRawBufferPointer) -> Int {
        Int(ByteHash.of(bytes.baseAddress!, count: hashedPrefix) % UInt64(setCount))
    }
}
