/// A dictionary kept in many small buckets, each shared between copies until one of
/// them changes it: what the store's per-pod tables are, so that a copy of the store
/// (a replay keyframe) and the store that plays on share all but what changed between
/// them.
///
/// A copy of a Swift `Dictionary` is free until either side changes, and then the
/// whole table is copied: for 12,000 pod records of 424 bytes that is ~7 MB, for each
/// copy kept. Here a change copies the bucket array (8 bytes a bucket) and the one
/// bucket it touches (a few entries), so a copy costs in proportion to what changes
/// after it, not to the size of the store. Lookups hash once, as a `Dictionary`'s do.
///
/// Iteration order is unspecified, as a `Dictionary`'s is.
public struct BucketedDictionary<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// A bucket is only ever changed while it is held by one dictionary (it is copied
    /// first otherwise, see `uniqueBucket(at:)`), so sharing it between threads is safe.
    final class Bucket: @unchecked Sendable {
        var entries: [Key: Value]

        init(_ entries: [Key: Value] = [:]) {
            self.entries = entries
        }
    }

    /// A power of two in length; a key's bucket is its hash's low bits.
    private var buckets: [Bucket?] = []
    public private(set) var count = 0

    /// Entries a bucket holds on average before the buckets double: small, so a change
    /// copies little; not one, so the bucket array stays a quarter of the entries.
    static var entriesPerBucket: Int { 4 }

    public init() {}

    public var isEmpty: Bool { count == 0 }

    public subscript(key: Key) -> Value? {
        get {
            guard !buckets.isEmpty else { return nil }
            return buckets[index(of: key)]?.entries[key]
        }
        _modify {
            let bucket = uniqueBucket(for: key)
            let before = bucket.entries.count
            // In place: the value's own storage (a pod's timeline) is not copied to change it.
            yield &bucket.entries[key]
            count += bucket.entries.count - before
            growIfFull()
        }
    }

    public subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        _modify {
            let bucket = uniqueBucket(for: key)
            let before = bucket.entries.count
            yield &bucket.entries[key, default: defaultValue()]
            count += bucket.entries.count - before
            growIfFull()
        }
    }

    public var keys: Keys { Keys(dictionary: self) }
    public var values: Values { Values(dictionary: self) }

    /// How many of this dictionary's buckets `other` holds too: what a copy shares.
    func bucketsShared(with other: BucketedDictionary) -> Int {
        let theirs = Set(other.buckets.compactMap { $0.map(ObjectIdentifier.init) })
        return buckets.count { $0.map { theirs.contains(ObjectIdentifier($0)) } ?? false }
    }

    var bucketCount: Int { buckets.count }

    private func index(of key: Key) -> Int {
        key.hashValue & (buckets.count - 1)
    }

    /// The bucket for `key`, held by this dictionary alone (copied from a shared one first).
    private mutating func uniqueBucket(for key: Key) -> Bucket {
        if buckets.isEmpty { buckets = [nil] }
        let index = index(of: key)
        if buckets[index] == nil {
            buckets[index] = Bucket()
        } else if !isKnownUniquelyReferenced(&buckets[index]) {
            buckets[index] = Bucket(buckets[index]!.entries)
        }
        return buckets[index]!
    }

    private mutating func growIfFull() {
        guard count > buckets.count * Self.entriesPerBucket else { return }
        let old = buckets
        buckets = Array(repeating: nil, count: old.count * 2)
        for bucket in old {
            for (key, value) in bucket?.entries ?? [:] {
                let index = index(of: key)
                if buckets[index] == nil { buckets[index] = Bucket() }
                buckets[index]!.entries[key] = value
            }
        }
    }
}

extension BucketedDictionary: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (Key, Value)...) {
        for (key, value) in elements { self[key] = value }
    }
}

extension BucketedDictionary: Sequence {
    public struct Iterator: IteratorProtocol {
        private let buckets: [Bucket?]
        private var position = 0
        private var entries: Dictionary<Key, Value>.Iterator?

        init(_ buckets: [Bucket?]) {
            self.buckets = buckets
        }

        public mutating func next() -> (key: Key, value: Value)? {
            while true {
                if let entry = entries?.next() { return entry }
                guard position < buckets.count else { return nil }
                entries = buckets[position]?.entries.makeIterator()
                position += 1
            }
        }
    }

    public func makeIterator() -> Iterator { Iterator(buckets) }
    public var underestimatedCount: Int { count }
}

extension BucketedDictionary {
    /// The keys, read in place; like `Dictionary.Keys`, `filter` and `map` on them give arrays.
    public struct Keys: Sequence {
        let dictionary: BucketedDictionary

        public func makeIterator() -> LazyMapSequence<BucketedDictionary, Key>.Iterator {
            dictionary.lazy.map(\.key).makeIterator()
        }

        public var underestimatedCount: Int { dictionary.count }
    }

    /// The values, read in place; like `Dictionary.Values`, `filter` and `map` on them give arrays.
    public struct Values: Sequence {
        let dictionary: BucketedDictionary

        public func makeIterator() -> LazyMapSequence<BucketedDictionary, Value>.Iterator {
            dictionary.lazy.map(\.value).makeIterator()
        }

        public var underestimatedCount: Int { dictionary.count }
    }
}
