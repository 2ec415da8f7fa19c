import JSONLite

/// The readers KubeModel's scanning decoders share: the same values the tree
/// decoders take through `JSON`'s accessors and `ClusterString`, read from a
/// `JSONScanner` instead, so a decode from bytes equals a decode from the tree.
extension JSONScanner {
    /// `json.clusterString`: a name-like string, made terminal-safe.
    mutating func clusterString() throws(JSONParseError) -> String? {
        if let plain = plainTerminalString(longest: .max) { return plain }
        return try string().map(\.sanitizedForTerminal)
    }

    /// `clusterString()`, taken from `memo` when the string's bytes are those of the last
    /// one read through it (compared in a copy of the scanner, so a string that differs, or
    /// that a read refuses, is read from where it starts, as it would be without the memo,
    /// and refused in the same words).
    mutating func clusterString(memo: inout ClusterStringMemo) throws(JSONParseError) -> String? {
        if let last = memo.last {
            var ahead = self
            let same = try? ahead.withStringBytes { bytes in
                last.decoded.utf8.withContiguousStorageIfAvailable { $0.elementsEqual(bytes) } ?? last.decoded.utf8.elementsEqual(bytes)
            }
            if same == true {
                self = ahead
                return last.sanitized
            }
        }
        guard let decoded = try string() else { return nil }
        let sanitized = decoded.sanitizedForTerminal
        memo.last = (decoded, sanitized)
        return sanitized
    }

    /// `json.freeText`: free text, cut to `FreeText.limit`, then made terminal-safe. A
    /// long string whose very bytes were decoded before is taken from `FreeTextMemo`.
    mutating func freeText() throws(JSONParseError) -> String? {
        // Most are short and plain: read at once.
        guard try peek() == .string, !isPlainString(within: FreeTextMemo.shortest) else { return try decodedFreeText() }
        // At a string (`peek()`), so the decode gives one; kept when it is as long as the memo keeps.
        return try remembered(in: FreeTextMemo.shared) { (scanner: inout JSONScanner) throws(JSONParseError) in
            try scanner.decodedFreeText() ?? ""
        }
    }

    /// `decode(&self)`, taken from `memo` when the scanner is at the very bytes of a value
    /// decoded before (see `PrefixMemo`), and kept there when it is not. A container is
    /// found again at the depth it was met at; a string, which nests nothing, at any depth.
    /// A scalar other than a string is decoded as it is.
    mutating func remembered<Value>(in memo: PrefixMemo<Value>, _ decode: (inout JSONScanner) throws(JSONParseError) -> Value)
        throws(JSONParseError) -> Value {
        let kind = try peek()
        guard kind == .object || kind == .array || kind == .string else { return try decode(&self) }
        let memoDepth = kind == .string ? 0 : depth
        if let (known, count) = memo.value(startingWith: rest, depth: memoDepth) {
            advance(pastRecognized: count)
            return known
        }
        let start = index
        let value = try decode(&self)
        memo.remember(value, for: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), depth: memoDepth)
        return value
    }

    /// `freeText()` made from the bytes, without the memo.
    private mutating func decodedFreeText() throws(JSONParseError) -> String? {
        if let plain = plainTerminalString(longest: FreeText.limit) { return plain }
        return try string().map { FreeText.bounded($0).sanitizedForTerminal }
    }

    /// `json.timestamp`, parsed from the string's bytes without making a String.
    mutating func timestamp() throws(JSONParseError) -> Timestamp? {
        try withStringBytes { Timestamp(rfc3339Bytes: $0) }
    }

    /// `json.stringMap`: string members only; a later duplicate key wins, as a
    /// dictionary built member by member gives.
    mutating func stringMap() throws(JSONParseError) -> [String: String] {
        guard try enterObjectIfPresent() else { return [:] }
        var members: [(String, String)] = []
        members.reserveCapacity(8)
        while let key = try nextKey() {
            if let value = try string() { members.append((key.text, value)) }
        }
        return Dictionary(exactly: members)
    }

    /// `json.array.map(element)`: every element, whatever its type (an element that is
    /// not an object decodes as `.null` would); no elements for a value that is not an array.
    mutating func elements<Element>(_ element: (inout JSONScanner) throws(JSONParseError) -> Element)
        throws(JSONParseError) -> [Element] {
        var result: [Element] = []
        guard try enterArrayIfPresent() else { return result }
        while try nextElement() { result.append(try element(&self)) }
        return result
    }

    /// `json.array.compactMap(element)`.
    mutating func compactElements<Element>(_ element: (inout JSONScanner) throws(JSONParseError) -> Element?)
        throws(JSONParseError) -> [Element] {
        var result: [Element] = []
        guard try enterArrayIfPresent() else { return result }
        while try nextElement() {
            if let value = try element(&self) { result.append(value) }
        }
        return result
    }

    /// `json[name]` read by `read` when the value is an object holding that member (its
    /// first one, as `JSONObject` finds it); nil otherwise. The whole value is consumed.
    mutating func member<Value>(_ name: StaticString, _ read: (inout JSONScanner) throws(JSONParseError) -> Value?)
        throws(JSONParseError) -> Value? {
        guard try enterObjectIfPresent() else { return nil }
        var value: Value?
        var found = false
        while let key = try nextKey() {
            if !found, key == name {
                found = true
                value = try read(&self)
            } else {
                try skipValue()
            }
        }
        return value
    }

    /// Whether the next value is something other than `null` (`!json[key].isNull`), skipping it.
    mutating func skipNonNull() throws(JSONParseError) -> Bool {
        let isNull = try peek() == .null
        try skipValue()
        return !isNull
    }
}

/// Which members of an object have been met, so that only the first of duplicate
/// keys is read, as `JSONObject`'s subscript finds the first.
struct FirstMembers {
    private var seen: UInt64 = 0

    /// True the first time `member` is asked for.
    mutating func first(_ member: Int) -> Bool {
        let bit: UInt64 = 1 << UInt64(member)
        if seen & bit != 0 { return false }
        seen |= bit
        return true
    }
}

extension Dictionary where Key == String, Value == String {
    /// The members in one table made at their count, a later duplicate key winning as a
    /// dictionary filled member by member gives: filled from empty, a pod's labels made
    /// the table again at 1, 2, 4 and 8 members, a third of reading them.
    init(exactly members: [(String, String)]) {
        self.init(members, uniquingKeysWith: { _, later in later })
    }
}
