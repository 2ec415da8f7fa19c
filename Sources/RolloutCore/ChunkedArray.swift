/// An array kept in chunks of a few hundred elements, each shared between copies until
/// one of them changes it: the store's lists by serial and in display order, 12,000
/// entries on the 10,000-pod capture, which a Swift `Array` copies whole the first time a
/// copy of the store (a replay keyframe) and the store playing on differ, ~0.3 MB a
/// keyframe for the two. Here an append or an insertion copies one chunk and the short
/// list of chunks.
public struct ChunkedArray<Element: Sendable>: Sendable {
    /// Changed only while one array holds it (copied first otherwise).
    final class Chunk: @unchecked Sendable {
        var elements: [Element]

        init(_ elements: [Element]) {
            self.elements = elements
        }
    }

    /// A chunk splits in two when it reaches twice this many.
    static var chunkLength: Int { 256 }

    private var chunks: [Chunk] = []
    /// `ends[i]`: how many elements chunks 0 through i hold, to find a position's chunk.
    private var ends: [Int] = []

    public init() {}

    public mutating func append(_ element: Element) {
        insert(element, at: count)
    }

    public mutating func insert(_ element: Element, at position: Int) {
        precondition(position >= 0 && position <= count, "insert position out of range")
        guard !chunks.isEmpty else {
            chunks = [Chunk([element])]
            ends = [1]
            return
        }
        let (chunk, offset) = position == count ? (chunks.count - 1, chunks[chunks.count - 1].elements.count) : locate(position)
        if !isKnownUniquelyReferenced(&chunks[chunk]) { chunks[chunk] = Chunk(chunks[chunk].elements) }
        chunks[chunk].elements.insert(element, at: offset)
        for index in chunk..<ends.count { ends[index] += 1 }
        if chunks[chunk].elements.count >= 2 * Self.chunkLength { split(chunk) }
    }

    /// The chunk holding `position`, and where in it.
    private func locate(_ position: Int) -> (chunk: Int, offset: Int) {
        var low = 0
        var high = ends.count - 1
        while low < high {
            let middle = (low + high) / 2
            if ends[middle] > position { high = middle } else { low = middle + 1 }
        }
        return (low, position - (low > 0 ? ends[low - 1] : 0))
    }

    private mutating func split(_ chunk: Int) {
        let elements = chunks[chunk].elements
        chunks[chunk].elements = Array(elements[..<Self.chunkLength])
        chunks.insert(Chunk(Array(elements[Self.chunkLength...])), at: chunk + 1)
        ends.insert(ends[chunk], at: chunk + 1)
        ends[chunk] -= elements.count - Self.chunkLength
    }

    /// How many of this array's chunks `other` holds too: what a copy shares.
    func chunksShared(with other: ChunkedArray) -> Int {
        let theirs = Set(other.chunks.map(ObjectIdentifier.init))
        return chunks.count { theirs.contains(ObjectIdentifier($0)) }
    }
}

extension ChunkedArray: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.last ?? 0 }

    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "index out of range")
        let (chunk, offset) = locate(position)
        return chunks[chunk].elements[offset]
    }

    /// Chunk by chunk, without finding each position's chunk again.
    public struct Iterator: IteratorProtocol {
        private let chunks: [Chunk]
        private var chunk = 0
        private var offset = 0

        init(_ chunks: [Chunk]) {
            self.chunks = chunks
        }

        public mutating func next() -> Element? {
            while chunk < chunks.count {
                let elements = chunks[chunk].elements
                if offset < elements.count {
                    defer { offset += 1 }
                    return elements[offset]
                }
                chunk += 1
                offset = 0
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(chunks) }
}

extension ChunkedArray: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) {
        for element in elements { append(element) }
    }
}
