/// A dictionary kept in many small buckets of boxed values, each bucket and each box
/// shared between copies until one of them changes it: what the store's per-pod tables
/// are, so that a copy of the store (a replay keyframe) and the store that plays on
/// share all but what changed between them.
///
/// A copy of a Swift `Dictionary` is free until either side changes, and then the
/// whole table is copied: for 12,000 pod records of 424 bytes that is ~7 MB, for each
/// copy kept. Here a change copies the bucket array (8 bytes a bucket), the one bucket
/// it touches (a few references) and the one value it changes, so a copy costs in
/// proportion to what changes after it, not to the size of the store. Measured on the
/// 10,000-pod capture with a copy every 2,000 inputs: buckets of inline records still
/// copied ~3 records a change (the bucket's slack included, ~3 KB); boxed, one record.
///
/// Iteration order is unspecified, as a `Dictionary`'s is.
public struct BucketedDictionary<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// A bucket is only ever changed while it is held by one dictionary (it is copied
    /// first otherwise, see `uniqueBucket(at:)`), so sharing it between threads is safe.
    ///
    /// Its few entries (four on average) are a plain array searched by hash, then `==`:
    /// the key is hashed once, to find its bucket, where a `Dictionary` per bucket hashed
    /// it again, and a bucket copied for a keyframe is ~100 bytes instead of a hash table's ~300.
    ///
    /// Its entries go unchecked for exclusivity, as the box's value does: each lookup
    /// otherwise registered an access with the runtime (2 % of applying an input).
    @usableFromInline
    final class Bucket: @unchecked Sendable {
        @usableFromInline
        @exclusivity(unchecked)
        var entries: [Entry]

        @inlinable
        init(_ entries: [Entry] = []) {
            self.entries = entries
        }

        @inlinable
        func position(of key: Key, hash: Int) -> Int? {
            entries.firstIndex { $0.hash == hash && $0.key == key }
        }
    }

    /// A key's hash and its box, which holds the key with the value: 16 bytes, whatever
    /// the key, in a bucket a keyframe copies. The hash is kept so that the buckets
    /// double without hashing every key again (the pod tables' keys are strings), and a
    /// bucket is searched comparing integers, a key compared only where the hash matches.
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline
        let hash: Int
        @usableFromInline
        var box: Box

        @inlinable
        var key: Key { box.key }

        @inlinable
        init(hash: Int, box: Box) {
            self.hash = hash
            self.box = box
        }
    }

    /// One value. Changed in place only while this dictionary alone holds the box (see
    /// `update(_:_:)`); a box a copy shares is never changed: a change puts a new box in.
    /// Reads go unchecked for exclusivity, as the immutable box they replace did: a box is
    /// only written through `update`, which holds the dictionary's only reference.
    @usableFromInline
    final class Box: @unchecked Sendable {
        @usableFromInline
        let key: Key
        @usableFromInline
        @exclusivity(unchecked)
        var value: Value

        @inlinable
        init(key: Key, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// A power of two in length; a key's bucket is its hash's low bits.
    @usableFromInline
    var buckets: [Bucket?] = []
    @usableFromInline
    var storedCount = 0
    @inlinable
    public var count: Int { storedCount }

    /// Entries a bucket holds on average before the buckets double: small, so a change
    /// copies little; not one, so the bucket array stays a quarter of the entries.
    @inlinable
    static var entriesPerBucket: Int { 4 }

    @inlinable
    public init() {}

    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// `body` with the value for `key` where it is kept, not copied out (nil when absent):
    /// reading a few fields of a large value copies those fields only.
    @inlinable
    public func withValue<Result>(forKey key: Key, _ body: (borrowing Value) throws -> Result) rethrows -> Result? {
        guard !buckets.isEmpty else { return nil }
        let hash = key.hashValue
        guard let bucket = buckets[index(of: hash)], let position = bucket.position(of: key, hash: hash) else { return nil }
        return try body(bucket.entries[position].box.value)
    }

    /// Changes the value for `key` where it is kept (nil, and `body` not called, when absent).
    /// The subscript's setter takes the value out of its box and puts it in a new one (a
    /// copy of every field, two more hashes and an allocation); here, when no copy of the
    /// dictionary shares the bucket's box, the value changes where it is. A shared box is
    /// left to the copy, and the changed value goes in a new one, as the setter does.
    @inlinable
    @discardableResult
    public mutating func update<Result>(_ key: Key, _ body: (inout Value) throws -> Result) rethrows -> Result? {
        guard !buckets.isEmpty else { return nil }
        let hash = key.hashValue
        let index = index(of: hash)
        guard let position = buckets[index]?.position(of: key, hash: hash) else { return nil }
        if !isKnownUniquelyReferenced(&buckets[index]) {
            buckets[index] = Bucket(buckets[index]!.entries)
        }
        let bucket = buckets[index]!
        if isKnownUniquelyReferenced(&bucket.entries[position].box) {
            return try body(&bucket.entries[position].box.value)
        }
        var value = bucket.entries[position].box.value
        defer { bucket.entries[position].box = Box(key: key, value) }
        return try body(&value)
    }

    @inlinable
    public subscript(key: Key) -> Value? {
        get {
            guard !buckets.isEmpty else { return nil }
            let hash = key.hashValue
            guard let bucket = buckets[index(of: hash)], let position = bucket.position(of: key, hash: hash) else { return nil }
            return bucket.entries[position].box.value
        }
        _modify {
            let hash = key.hashValue
            var value = take(key, hash: hash)
            let wasPresent = value != nil
            yield &value
            put(value, key: key, hash: hash, wasPresent: wasPresent)
        }
    }

    @inlinable
    public subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        _modify {
            let hash = key.hashValue
            let taken = take(key, hash: hash)
            let wasPresent = taken != nil
            var value = taken ?? defaultValue()
            yield &value
            put(value, key: key, hash: hash, wasPresent: wasPresent)
        }
    }

    @inlinable
    public var keys: Keys { Keys(dictionary: self) }
    @inlinable
    public var values: Values { Values(dictionary: self) }

    /// How many of this dictionary's buckets `other` holds too: what a copy shares.
    @inlinable
    func bucketsShared(with other: BucketedDictionary) -> Int {
        let theirs = Set(other.buckets.compactMap { $0.map(ObjectIdentifier.init) })
        return buckets.count { $0.map { theirs.contains(ObjectIdentifier($0)) } ?? false }
    }

    /// How many of this dictionary's values (boxes) `other` holds too.
    func valuesShared(with other: BucketedDictionary) -> Int {
        let theirs = Set(other.buckets.flatMap { $0?.entries.map { ObjectIdentifier($0.box) } ?? [] })
        return buckets.reduce(0) { total, bucket in
            total + (bucket?.entries.count { theirs.contains(ObjectIdentifier($0.box)) } ?? 0)
        }
    }

    @inlinable
    var bucketCount: Int { buckets.count }

    /// The bucket of a key with this hash.
    @inlinable
    func index(of hash: Int) -> Int {
        hash & (buckets.count - 1)
    }

    /// Takes `key`'s value out of its bucket (copied first if a copy of the dictionary
    /// shares the bucket). When no copy shares the box either, the value comes out as the
    /// only holder of its storage, so a change to it (a pod's timeline) happens in place.
    @inlinable
    mutating func take(_ key: Key, hash: Int) -> Value? {
        if buckets.isEmpty { buckets = [nil] }
        let index = index(of: hash)
        if buckets[index] == nil {
            buckets[index] = Bucket()
        } else if !isKnownUniquelyReferenced(&buckets[index]) {
            buckets[index] = Bucket(buckets[index]!.entries)
        }
        guard let bucket = buckets[index], let position = bucket.position(of: key, hash: hash) else { return nil }
        // Order within a bucket is no one's business: the last entry takes the gap.
        bucket.entries.swapAt(position, bucket.entries.count - 1)
        return bucket.entries.removeLast().box.value
    }

    /// Puts a changed value back in a new box (nil: the key leaves); the count follows.
    @inlinable
    mutating func put(_ value: Value?, key: Key, hash: Int, wasPresent: Bool) {
        if let value { buckets[index(of: hash)]!.entries.append(Entry(hash: hash, box: Box(key: key, value))) }
        storedCount += (value != nil ? 1 : 0) - (wasPresent ? 1 : 0)
        growIfFull()
    }

    /// Doubles the buckets when they hold too many entries on average. A bucket's entries
    /// go to the bucket of the same place or the one as far again (the hash's next bit
    /// says which), each new bucket made whole at once rather than grown entry by entry.
    /// A bucket that may be shared is never changed here, only replaced or kept as it is.
    @inlinable
    mutating func growIfFull() {
        guard count > buckets.count * Self.entriesPerBucket else { return }
        let old = buckets
        buckets = Array(repeating: nil, count: old.count * 2)
        for (index, bucket) in old.enumerated() {
            guard let bucket else { continue }
            let high = bucket.entries.filter { $0.hash & old.count != 0 }
            if high.isEmpty {
                // Every entry stays: the bucket itself does (it changes only once unshared).
                buckets[index] = bucket
                continue
            }
            if high.count < bucket.entries.count { buckets[index] = Bucket(bucket.entries.filter { $0.hash & old.count == 0 }) }
            buckets[index + old.count] = Bucket(high)
        }
    }
}

extension BucketedDictionary: ExpressibleByDictionaryLiteral {
    @inlinable
    public init(dictionaryLiteral elements: (Key, Value)...) {
        for (key, value) in elements { self[key] = value }
    }
}

extension BucketedDictionary: Sequence {
    public struct Iterator: IteratorProtocol {
        @usableFromInline
        let buckets: [Bucket?]
        @usableFromInline
        var position = 0
        @usableFromInline
        var entries: IndexingIterator<[Entry]>?

        @inlinable
        init(_ buckets: [Bucket?]) {
            self.buckets = buckets
        }

        @inlinable
        public mutating func next() -> (key: Key, value: Value)? {
            while true {
                if let entry = entries?.next() { return (entry.key, entry.box.value) }
                guard position < buckets.count else { return nil }
                entries = buckets[position]?.entries.makeIterator()
                position += 1
            }
        }
    }

    @inlinable
    public func makeIterator() -> Iterator { Iterator(buckets) }

    /// Calls `body` with every value where it is kept, not copied out: a pass that reads
    /// two fields of each of 10,000 pod records copies those fields, not the records.
    @inlinable
    public func forEachValue(_ body: (borrowing Value) throws -> Void) rethrows {
        for bucket in buckets {
            guard let bucket else { continue }
            for entry in bucket.entries { try body(entry.box.value) }
        }
    }
    @inlinable
    public var underestimatedCount: Int { count }
}

extension BucketedDictionary {
    /// The keys, read in place; like `Dictionary.Keys`, `filter` and `map` on them give arrays.
    public struct Keys: Sequence {
        @usableFromInline
        let dictionary: BucketedDictionary

        @inlinable
        init(dictionary: BucketedDictionary) {
            self.dictionary = dictionary
        }

        @inlinable
        public func makeIterator() -> LazyMapSequence<BucketedDictionary, Key>.Iterator {
            dictionary.lazy.map(\.key).makeIterator()
        }

        @inlinable
        public var underestimatedCount: Int { dictionary.count }
    }

    /// The values, read in place; like `Dictionary.Values`, `filter` and `map` on them give arrays.
    public struct Values: Sequence {
        @usableFromInline
        let dictionary: BucketedDictionary

        @inlinable
        init(dictionary: BucketedDictionary) {
            self.dictionary = dictionary
        }

        @inlinable
        public func makeIterator() -> LazyMapSequence<BucketedDictionary, Value>.Iterator {
            dictionary.lazy.map(\.value).makeIterator()
        }

        @inlinable
        public var underestimatedCount: Int { dictionary.count }
    }
}

/// Equal when they hold the same keys with equal values, as for `Dictionary`.
extension BucketedDictionary: Equatable where Value: Equatable {
    @inlinable
    public static func == (lhs: BucketedDictionary, rhs: BucketedDictionary) -> Bool {
        lhs.count == rhs.count && lhs.allSatisfy { rhs[$0.key] == $0.value }
    }
}
