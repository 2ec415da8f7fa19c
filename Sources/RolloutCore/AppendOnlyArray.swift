/// An array that only grows at its end, kept in chunks of 1,024 that copies share: a
/// copy (a replay keyframe) costs the chunk list and, at the next append, the last
/// chunk, where an `Array` copied all of it at the first append after the copy (the
/// store's 12,000 pod uids: 190 KB for each of 20 keyframes). Reading an element costs
/// one more indirection than an array.
public struct AppendOnlyArray<Element: Sendable>: Sendable, RandomAccessCollection {
    /// Chunks are changed only while one array holds them (`append` copies a shared one
    /// first), so sharing them between threads is safe.
    @usableFromInline
    final class Chunk: @unchecked Sendable {
        /// Unchecked for exclusivity: written only through the one array holding the chunk,
        /// and a read per element (a view's pass over every pod) would pay for the check.
        @usableFromInline
        @exclusivity(unchecked)
        var elements: [Element]

        @usableFromInline
        init(_ elements: [Element]) {
            self.elements = elements
            self.elements.reserveCapacity(AppendOnlyArray.chunkLength)
        }
    }

    @usableFromInline
    static var chunkShift: Int { 10 }
    @usableFromInline
    static var chunkLength: Int { 1 << chunkShift }

    @usableFromInline
    var chunks: [Chunk] = []
    public private(set) var count = 0

    public init() {}

    @inlinable
    public var startIndex: Int { 0 }
    @inlinable
    public var endIndex: Int { count }

    @inlinable
    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "index out of range")
        return chunks[position >> Self.chunkShift].elements[position & (Self.chunkLength - 1)]
    }

    public mutating func append(_ element: Element) {
        if count & (Self.chunkLength - 1) == 0 {
            chunks.append(Chunk([element]))
        } else {
            let last = chunks.count - 1
            if !isKnownUniquelyReferenced(&chunks[last]) { chunks[last] = Chunk(chunks[last].elements) }
            chunks[last].elements.append(element)
        }
        count += 1
    }
}
