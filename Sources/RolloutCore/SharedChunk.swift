/// One chunk of the elements of an `AppendOnlyArray` or a `ChunkedList`, which copies of
/// the collection share. A chunk is changed only while one collection holds it (the
/// collection copies a shared one first), so sharing chunks between threads is safe.
@usableFromInline
final class SharedChunk<Element: Sendable>: @unchecked Sendable {
    /// Unchecked for exclusivity: written only through the one collection holding the chunk,
    /// and a read per element (a view's pass over every pod) would pay for the check.
    @usableFromInline
    @exclusivity(unchecked)
    var elements: [Element]

    @usableFromInline
    init(_ elements: [Element], capacity: Int = 0) {
        self.elements = elements
        if capacity > 0 { self.elements.reserveCapacity(capacity) }
    }
}
