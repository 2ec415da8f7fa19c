@testable import KubeModel
import Testing

/// Names are found again by their bytes (`NameTable`): each must be its own text,
/// whichever name held its slot before, and the same storage when met again.
@Suite struct NameTableTests {
    static func name(_ table: NameTable, _ text: String) -> String {
        Array(text.utf8).withUnsafeBufferPointer { table.name($0.baseAddress!, count: $0.count) }
    }

    /// Two slots for many names alike but for one byte, at every place, and for their
    /// lengths: every lookup gives its own name back, in any order.
    @Test func namesSharingSlotsAreEachTheirOwn() {
        let table = NameTable(slotCount: 2)
        var names: [String] = []
        for length in NameTable.shortest...NameTable.longest {
            let base = String(repeating: "n", count: length)
            names.append(base)
            for position in stride(from: 0, to: length, by: 5) {
                var bytes = Array(base.utf8)
                bytes[position] = UInt8(ascii: "x")
                names.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        for name in names + names.shuffled() + names.reversed() {
            #expect(Self.name(table, name) == name)
        }
    }

    @Test func aNameMetAgainIsTheStringMadeBefore() {
        let table = NameTable(slotCount: 64)
        let first = Self.name(table, "checkout-7d9f8c6b5-x2x9z")
        let again = Self.name(table, "checkout-7d9f8c6b5-x2x9z")
        #expect(first == again)
        #expect(first.utf8.withContiguousStorageIfAvailable { $0.baseAddress } == again.utf8.withContiguousStorageIfAvailable { $0.baseAddress })
    }
}
