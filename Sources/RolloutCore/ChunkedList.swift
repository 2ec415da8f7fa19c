/// A list kept in chunks of up to 2,048 that copies share: an insertion copies its one
/// chunk (when a copy shares it) and the chunk list, where an `Array` copied all of it at
/// the first change after a copy. What the store keeps its display order in: a replay
/// keyframe then costs the chunks that changed after it (new pods land together, at
/// their ReplicaSet's place in the order), not 12,000 serials each. Reading by position
/// walks the chunk list (a few dozen); iterating reads chunk after chunk. Inlinable, so a
/// view's pass over every pod's serial is specialized where it is written, not generic.
public struct ChunkedList<Element: Sendable>: Sendable, Sequence {
    @usableFromInline
    typealias Chunk = SharedChunk<Element>

    /// A chunk grown past this is split in two halves.
    static var chunkLimit: Int { 2_048 }

    @usableFromInline
    var chunks: [Chunk] = []
    public private(set) var count = 0

    public init() {}

    @inlinable
    public var isEmpty: Bool { count == 0 }
    @inlinable
    public var last: Element? { chunks.last?.elements.last }

    @inlinable
    public subscript(position: Int) -> Element {
        let (chunk, index) = locate(position)
        return chunks[chunk].elements[index]
    }

    public mutating func append(_ element: Element) {
        insert(element, at: count)
    }

    public mutating func insert(_ element: Element, at position: Int) {
        precondition(position >= 0 && position <= count, "index out of range")
        guard !chunks.isEmpty else {
            chunks = [Chunk([element])]
            count = 1
            return
        }
        let (chunk, index) = position == count ? (chunks.count - 1, chunks[chunks.count - 1].elements.count) : locate(position)
        if !isKnownUniquelyReferenced(&chunks[chunk]) { chunks[chunk] = Chunk(chunks[chunk].elements) }
        chunks[chunk].elements.insert(element, at: index)
        count += 1
        let length = chunks[chunk].elements.count
        if length > Self.chunkLimit {
            chunks.insert(Chunk(Array(chunks[chunk].elements[(length / 2)...])), at: chunk + 1)
            chunks[chunk].elements.removeLast(length - length / 2)
        }
    }

    public mutating func remove(at position: Int) {
        let (chunk, index) = locate(position)
        if !isKnownUniquelyReferenced(&chunks[chunk]) { chunks[chunk] = Chunk(chunks[chunk].elements) }
        chunks[chunk].elements.remove(at: index)
        count -= 1
        if chunks[chunk].elements.isEmpty { chunks.remove(at: chunk) }
    }

    /// The chunk holding `position` and the position within it.
    @usableFromInline
    func locate(_ position: Int) -> (chunk: Int, index: Int) {
        precondition(position >= 0 && position < count, "index out of range")
        var index = position
        for chunk in chunks.indices {
            let length = chunks[chunk].elements.count
            if index < length { return (chunk, index) }
            index -= length
        }
        preconditionFailure("count and chunks disagree")
    }

    public struct Iterator: IteratorProtocol {
        @usableFromInline
        let chunks: [Chunk]
        @usableFromInline
        var nextChunk = 0
        /// The chunk being read, as an array's own iterator (no bounds check per element).
        @usableFromInline
        var current: IndexingIterator<[Element]>?

        @inlinable
        init(_ chunks: [Chunk]) {
            self.chunks = chunks
        }

        @inlinable
        public mutating func next() -> Element? {
            while true {
                if let element = current?.next() { return element }
                guard nextChunk < chunks.count else { return nil }
                current = chunks[nextChunk].elements.makeIterator()
                nextChunk += 1
            }
        }
    }

    @inlinable
    public func makeIterator() -> Iterator { Iterator(chunks) }

    @inlinable
    public var underestimatedCount: Int { count }
}
