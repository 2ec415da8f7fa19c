/// An array that only grows at its end, kept in chunks of 1,024 that copies share: a
/// copy (a replay keyframe) costs the chunk list and, at the next append, the last
/// chunk, where an `Array` copied all of it at the first append after the copy (the
/// store's 12,000 pod uids: 190 KB for each of 20 keyframes). Reading an element costs
/// one more indirection than an array.
public struct AppendOnlyArray<Element: Sendable>: Sendable, RandomAccessCollection {
    @usableFromInline
    typealias Chunk = SharedChunk<Element>

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
            chunks.append(Chunk([element], capacity: Self.chunkLength))
        } else {
            let last = chunks.count - 1
            if !isKnownUniquelyReferenced(&chunks[last]) { chunks[last] = Chunk(chunks[last].elements, capacity: Self.chunkLength) }
            chunks[last].elements.append(element)
        }
        count += 1
    }

    /// Replaces one element in place; the chunk holding it is copied first if a copy
    /// of this array shares it.
    public mutating func replace(at position: Int, with element: Element) {
        precondition(position >= 0 && position < count, "index out of range")
        let chunk = position >> Self.chunkShift
        if !isKnownUniquelyReferenced(&chunks[chunk]) { chunks[chunk] = Chunk(chunks[chunk].elements, capacity: Self.chunkLength) }
        chunks[chunk].elements[position & (Self.chunkLength - 1)] = element
    }
}
