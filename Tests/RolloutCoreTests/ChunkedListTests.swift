@testable import RolloutCore
import Testing

/// The store's chunked sequences read as the arrays they replace, and a copy (a replay
/// keyframe) keeps what it held whatever the original does after.
@Suite struct ChunkedListTests {
    /// A fixed pseudo-random walk: positions spread everywhere, runs at the end and front.
    static func positions(_ count: Int) -> [Int] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { index in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            switch index % 5 {
            case 0, 1: return index // at the end
            case 2: return 0
            default: return Int(state >> 33) % (index + 1)
            }
        }
    }

    @Test func insertsReadAsAnArrayAndCopiesKeepTheirElements() {
        var list = ChunkedList<Int>()
        var array: [Int] = []
        var copies: [(ChunkedList<Int>, [Int])] = []
        for (value, position) in Self.positions(9_000).enumerated() {
            list.insert(value, at: position)
            array.insert(value, at: position)
            if value % 1_500 == 0 { copies.append((list, array)) }
        }
        list.append(-1)
        array.append(-1)
        #expect(list.count == array.count && list.last == array.last && !list.isEmpty)
        #expect(Array(list) == array)
        #expect([0, 1, 2_047, 2_048, 4_500, array.count - 1].allSatisfy { list[$0] == array[$0] })
        for (copy, expected) in copies {
            #expect(Array(copy) == expected && copy.count == expected.count)
        }
        #expect(ChunkedList<Int>().isEmpty && Array(ChunkedList<Int>()).isEmpty)
    }

    /// Removal (gone pods leaving the store) reads as the array's, emptying chunks too,
    /// and a copy taken before keeps every element.
    @Test func removalsReadAsAnArrayAndCopiesKeepTheirElements() {
        var list = ChunkedList<Int>()
        var array: [Int] = []
        for (value, position) in Self.positions(6_000).enumerated() {
            list.insert(value, at: position)
            array.insert(value, at: position)
        }
        let copy = (list, array)
        for (step, position) in Self.positions(6_000).reversed().enumerated() where !array.isEmpty {
            let at = (position + step) % array.count
            list.remove(at: at)
            array.remove(at: at)
        }
        #expect(list.isEmpty && array.isEmpty && list.count == 0)
        #expect(Array(copy.0) == copy.1)
        list.append(7)
        #expect(Array(list) == [7])
    }

    @Test func appendOnlyArrayReadsAsAnArrayAndCopiesKeepTheirElements() {
        var appended = AppendOnlyArray<String>()
        var array: [String] = []
        var copies: [(AppendOnlyArray<String>, [String])] = []
        for index in 0..<5_000 {
            appended.append("uid-\(index)")
            array.append("uid-\(index)")
            if index % 700 == 0 { copies.append((appended, array)) }
        }
        #expect(Array(appended) == array && appended.count == 5_000 && appended.indices == array.indices)
        #expect(appended[1_023] == "uid-1023" && appended[1_024] == "uid-1024" && appended.last == "uid-4999")
        for (copy, expected) in copies {
            #expect(Array(copy) == expected)
        }
    }
}
