import CByteScan
import Testing

/// `rw_skip_container_leniently` (64 bytes at a time where the quotes and escapes allow)
/// against the walk it stands for, a byte at a time: the same end, the same error at the
/// same offset, on random containers of brackets, quotes and backslashes (valid or not,
/// long enough for whole blocks, depths past what it keeps track of).
struct LenientSkipTests {
    /// The byte-at-a-time walk: (status, offset) as `rw_lenient_skip_status` says them.
    static func walked(_ bytes: [UInt8]) -> (status: UInt32, at: Int) {
        var walk = StringWalk()
        var open: [UInt8] = []
        for (offset, byte) in bytes.enumerated() where walk.isOutside(byte) {
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["): open.append(byte)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard let innermost = open.popLast(), (innermost == UInt8(ascii: "{")) == (byte == UInt8(ascii: "}")) else {
                    return (rw_lenient_skip_mismatched.rawValue, offset)
                }
                if open.isEmpty { return (rw_lenient_skip_closed.rawValue, offset + 1) }
            default: break
            }
        }
        if walk.inString { return (rw_lenient_skip_unterminated.rawValue, walk.escaped ? bytes.count + 1 : bytes.count) }
        return (rw_lenient_skip_ended.rawValue, bytes.count)
    }

    static func skipped(_ bytes: [UInt8]) -> (status: UInt32, at: Int) {
        var at = 0
        let status = bytes.withUnsafeBufferPointer { rw_skip_container_leniently($0.baseAddress!, $0.count, 0, &at) }
        return (UInt32(status), at)
    }

    @Test func randomContainersEndWhereTheByteWalkEnds() {
        let alphabets: [[UInt8]] = [Array("{}[]\"\\a:,".utf8), Array("{}\"\\\\aaaa".utf8), Array("{[\"\"\"\\aa}]bbbbbbbbbb".utf8)]
        var tooDeep = 0, closed = 0
        for bytes in randomContainers(count: 20_000, seed: 0x2545_F491_4F6C_DD1D, alphabets: alphabets) {
            let skip = Self.skipped(bytes)
            if skip.status == rw_lenient_skip_too_deep.rawValue {
                tooDeep += 1
                continue
            }
            if skip.status == rw_lenient_skip_closed.rawValue { closed += 1 }
            let walk = Self.walked(bytes)
            guard skip == walk else {
                Issue.record("\(String(decoding: bytes, as: UTF8.self)): \(skip), walked \(walk)")
                return
            }
        }
        #expect(closed > 1_000, "closed: \(closed)")
        #expect(tooDeep < 2_000, "too deep: \(tooDeep)")
    }

    /// What the skip is for: managedFields, full of escaped quotes in their keys, and
    /// ending at every offset of a block.
    @Test func managedFieldsEndWhereTheByteWalkEnds() {
        let entry = #"{"manager":"kubelet","operation":"Update","fieldsV1":{"f:status":{"f:conditions":{"k:{\"type\":\"Ready\"}":{".":{},"f:status":{}}},"f:containerStatuses":{}}}}"#
        for padding in 0..<70 {
            let text = "[" + String(repeating: " ", count: padding) + Array(repeating: entry, count: 5).joined(separator: ",") + "],\"x\":1}"
            let bytes = Array(text.utf8)
            #expect(Self.skipped(bytes) == Self.walked(bytes))
            #expect(Self.skipped(bytes).status == rw_lenient_skip_closed.rawValue)
            // Cut anywhere: ended, or inside a string, as the walk says.
            for cut in stride(from: 1, to: bytes.count, by: 7) {
                let part = Array(bytes[..<cut])
                #expect(Self.skipped(part) == Self.walked(part), "cut at \(cut) of padding \(padding)")
            }
        }
    }

    @Test func deeperThanSixtyFourIsLeftToTheCaller() {
        let bytes = Array((String(repeating: "[", count: 65) + String(repeating: "]", count: 65)).utf8)
        #expect(Self.skipped(bytes).status == rw_lenient_skip_too_deep.rawValue)
        let sixtyFour = Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8)
        #expect(Self.skipped(sixtyFour) == (rw_lenient_skip_closed.rawValue, 128))
    }
}
