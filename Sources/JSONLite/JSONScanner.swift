import CByteScan
#if canImport(Glibc)
import Glibc
#endif

/// A pull scanner over the bytes of one JSON document: the caller walks objects
/// member by member and arrays element by element, reads the few values it wants
/// and skips the rest, so nothing is built for what is not read (no key String,
/// no value, no array). Typed decoders use it to go from bytes straight to the
/// subsets they keep, where `JSONParser` would build a whole tree first.
///
/// It accepts exactly the documents `JSONParser(skippingKeys:)` with the same keys
/// accepts, and reads the same values: the same grammar, the same depth limit, the
/// same leniency inside skipped keys' values (bracket structure only), invalid
/// UTF-8 becoming U+FFFD, lone surrogates U+FFFD. Skipped subtrees that are not
/// skipped keys are still checked fully, since a tree parse would reject them.
///
/// The walk: `enterObject()` (after `peek()` said `.object`), then `nextKey()`
/// until nil, reading or skipping each member's value exactly once; arrays are the
/// same with `enterArray()` and `nextElement()`. `enterObjectIfPresent()` and the
/// value readers (`string()`, `int()`, `bool()`) skip a value of another type, as
/// `JSON`'s accessors give nil for it.
public struct JSONScanner {
    public let bytes: UnsafeRawBufferPointer
    /// `bytes`' first byte and length as plain values: every byte read tested the
    /// buffer's optional base address again and worked its length out anew.
    let base: UnsafePointer<UInt8>
    let end: Int
    /// The offset of the next byte to read.
    public internal(set) var index: Int
    /// The depth of the next value: 0 for the document, one more inside each container.
    public private(set) var depth: Int
    /// True just after `{` or `[`: the next byte may close the container at once.
    private var justOpened = false
    private let skipping: SkippedKeys

    /// Keys whose values are skipped without being read, and without full checks (see
    /// `JSONParser.skippedKeys`), worked out once: a scanner is made for every line of a
    /// stream, and working them out there (an array of the keys and one of each key's
    /// bytes) was two allocations and ~550 instructions a line.
    public struct SkippedKeys: Sendable {
        fileprivate let keys: [SkippedKey]
        /// Bit n set when a skipped key of plain ASCII is n bytes long (n < 64; longer ones set none and are found by `haveNonASCII`).
        fileprivate let lengths: UInt64
        fileprivate let haveNonASCII: Bool

        public init(_ keys: [String]) {
            self.keys = keys.map { SkippedKey(text: $0, utf8: Array($0.utf8), isASCII: $0.utf8.allSatisfy { $0 < 0x80 }) }
            lengths = self.keys.reduce(0) { mask, key in
                key.isASCII && key.utf8.count < 64 ? mask | 1 << UInt64(key.utf8.count) : mask
            }
            haveNonASCII = self.keys.contains { !$0.isASCII || $0.utf8.count >= 64 }
        }
    }

    /// A key whose value is skipped without being read.
    fileprivate struct SkippedKey: Sendable {
        var text: String
        var utf8: [UInt8]
        var isASCII: Bool
    }

    /// Where a value starts, to come back to it (`JSONScanner(bytes:resumingAt:)`).
    public struct Position: Sendable, Equatable {
        public var index: Int
        public var depth: Int
    }

    public init(bytes: UnsafeRawBufferPointer, skippingKeys: [String] = []) {
        self.init(bytes: bytes, skipping: SkippedKeys(skippingKeys))
    }

    public init(bytes: UnsafeRawBufferPointer, skipping: SkippedKeys) {
        self.bytes = bytes
        // An empty buffer may have no address: nothing is ever read through this one then.
        base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
        end = bytes.count
        index = 0
        depth = 0
        self.skipping = skipping
    }

    /// A scanner like `other` set back at a value it passed.
    public init(_ other: JSONScanner, resumingAt position: Position) {
        self = other
        index = position.index
        depth = position.depth
        justOpened = false
    }

    public var position: Position { Position(index: index, depth: depth) }

    public var isAtEnd: Bool { index >= end }

    func error(_ reason: String) -> JSONParseError {
        JSONParseError(offset: index, reason: reason)
    }

    func error(_ reason: String, at offset: Int) -> JSONParseError {
        JSONParseError(offset: offset, reason: reason)
    }

    /// After the document: only whitespace may follow.
    public mutating func finish() throws(JSONParseError) {
        skipWhitespace()
        guard index == end else { throw error("trailing characters after the document") }
    }

    /// `index = whitespaceEnd(from: index)` in a loop of its own: written that way, the
    /// compiled member-name walk (`nextKey`) did 7 % more instructions (callgrind).
    @inline(__always)
    mutating func skipWhitespace() {
        while index < end {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The offset of the first byte at or after `offset` that is not JSON whitespace (or `end`):
    /// for a reader that looks past whitespace before it knows it will move (`compactKey`,
    /// `plainTerminalString`).
    @inline(__always)
    public func whitespaceEnd(from offset: Int) -> Int {
        var at = offset
        while at < end {
            switch base[at] {
            case 0x20, 0x0A, 0x0D, 0x09: at += 1
            default: return at
            }
        }
        return at
    }

    // MARK: Values

    /// What the next value is, without reading it. Throws where a parse would: too
    /// deep, the end of input, a byte no value starts with.
    public mutating func peek() throws(JSONParseError) -> JSONValueKind {
        guard depth < JSONParser.maximumDepth else { throw error("nested deeper than \(JSONParser.maximumDepth)") }
        skipWhitespace()
        guard index < end else { throw error("unexpected end of input") }
        switch base[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error("unexpected character")
        }
    }

    /// Steps into the object `peek()` found.
    public mutating func enterObject() {
        index += 1
        depth += 1
        justOpened = true
    }

    /// Steps into the array `peek()` found.
    public mutating func enterArray() {
        index += 1
        depth += 1
        justOpened = true
    }

    /// Enters the next value when it is an object; skips it otherwise (a member of
    /// another type reads as "no object", as `JSON.object` does).
    public mutating func enterObjectIfPresent() throws(JSONParseError) -> Bool {
        if try peek() == .object {
            enterObject()
            return true
        }
        try skipValue()
        return false
    }

    /// Enters the next value when it is an array; skips it otherwise (`JSON.array` is empty then).
    public mutating func enterArrayIfPresent() throws(JSONParseError) -> Bool {
        if try peek() == .array {
            enterArray()
            return true
        }
        try skipValue()
        return false
    }

    /// The next member's name, the scanner left at its value; nil at the object's end.
    /// Members under a skipped key are passed over here, as the parser drops them.
    public mutating func nextKey() throws(JSONParseError) -> JSONKey? {
        if let key = compactKey() { return key }
        while true {
            skipWhitespace()
            if justOpened {
                justOpened = false
                if index < end, base[index] == UInt8(ascii: "}") {
                    index += 1
                    depth -= 1
                    return nil
                }
            } else {
                guard index < end else { throw error("unexpected end of input") }
                if base[index] == UInt8(ascii: ",") {
                    index += 1
                } else if base[index] == UInt8(ascii: "}") {
                    index += 1
                    depth -= 1
                    return nil
                } else {
                    throw error("expected ',' or '}'")
                }
            }
            skipWhitespace()
            guard index < end, base[index] == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let key = try scanKey()
            skipWhitespace()
            guard index < end, base[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            if !skipping.keys.isEmpty, mayBeSkipped(key), isSkipped(key) {
                try skipLeniently()
                continue
            }
            return key
        }
    }

    /// The next member's name when it is written the way kubectl and the API server write
    /// nearly all of them, and Python's `json.dumps` too: `,"name":` or `, "name":` (or
    /// `"name":` first in its object), a name of plain ASCII shorter than 32 bytes, its colon
    /// right after it, and not one to skip; found in a look or two at sixteen bytes
    /// (`rw_name_stop16`: `lastTransitionTime` takes two), where the general walk below went
    /// through the name eight bytes at a time. Nil, the scanner unchanged, for anything
    /// else: the walk then reads it as it always has.
    @inline(__always)
    private mutating func compactKey() -> JSONKey? {
        // Whitespace is looked for only where a byte says it may be there (none is above 0x20).
        var quote = index < end && base[index] <= 0x20 ? whitespaceEnd(from: index) : index
        if !justOpened {
            guard quote < end, base[quote] == UInt8(ascii: ",") else { return nil }
            quote += 1
            if quote < end, base[quote] <= 0x20 { quote = whitespaceEnd(from: quote) }
        }
        let nameStart = quote + 1
        guard nameStart + 16 < end, base[quote] == UInt8(ascii: "\"") else { return nil }
        var length = Int(rw_name_stop16(base + nameStart))
        if length == 16 {
            guard nameStart + 32 < end else { return nil }
            length += Int(rw_name_stop16(base + nameStart + 16))
            guard length < 32 else { return nil }
        }
        // Within the bytes looked at, both of them before `end`.
        let nameEnd = nameStart + length
        guard base[nameEnd] == UInt8(ascii: "\""), base[nameEnd + 1] == UInt8(ascii: ":") else { return nil }
        let key = JSONKey(bytes: UnsafeRawBufferPointer(start: base + nameStart, count: nameEnd - nameStart), isPlain: true, hasEscapes: false)
        if !skipping.keys.isEmpty, mayBeSkipped(key) { return nil }
        justOpened = false
        index = nameEnd + 2
        return key
    }

    /// True when another element follows, the scanner left at it; false at the array's end.
    public mutating func nextElement() throws(JSONParseError) -> Bool {
        skipWhitespace()
        if justOpened {
            justOpened = false
            if index < end, base[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return false
            }
            return true
        }
        guard index < end else { throw error("unexpected end of input") }
        if base[index] == UInt8(ascii: ",") {
            index += 1
            return true
        }
        if base[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        throw error("expected ',' or ']'")
    }

    /// The input from the next value's first byte to its end: for a memo that knows a long
    /// string by the bytes it starts with (`advance(pastRecognized:)` then passes it).
    public var rest: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + index, count: end - index)
    }

    /// Passes the next `count` bytes: a whole value the caller recognized in `rest` as one it
    /// read before (its bytes compared whole), so they are known to be sound.
    public mutating func advance(pastRecognized count: Int) {
        index += count
    }

    /// Whether the next value is a string that closes within `limit` bytes of its opening
    /// quote with nothing escaped in it: one read at once rather than looked up anywhere.
    public func isPlainString(within limit: Int) -> Bool {
        guard index < end, base[index] == UInt8(ascii: "\"") else { return false }
        let window = Swift.min(end - index - 1, limit)
        let stop = rw_string_stop(base + index + 1, window)
        return stop < window && base[index + 1 + stop] == UInt8(ascii: "\"")
    }

    /// The next value when it is a string, else nil (the value skipped), as `JSON.string`.
    public mutating func string() throws(JSONParseError) -> String? {
        guard try peek() == .string else {
            try skipValue()
            return nil
        }
        return try scanString()
    }

    /// The next value when it is a string, its bytes handed to `body` without making a
    /// String: raw when it has no escapes (invalid UTF-8 left as it is), unescaped otherwise.
    /// For values that are parsed further, such as times, where any non-ASCII byte fails anyway.
    public mutating func withStringBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result?) throws(JSONParseError) -> Result? {
        guard try peek() == .string else {
            try skipValue()
            return nil
        }
        index += 1
        let start = index
        let stop = scanToStringStop()
        guard stop < end else { throw error("unterminated string") }
        if base[stop] == UInt8(ascii: "\"") {
            index = stop + 1
            return body(UnsafeRawBufferPointer(rebasing: bytes[start..<stop]))
        }
        index = stop
        if base[stop] < 0x20 { throw error("control character in string") }
        let unescaped = try unescapeString(from: start)
        return unescaped.withUnsafeBytes { body($0) }
    }

    /// The next value when it is a number or an integer string, as `JSON.int` reads it.
    public mutating func int() throws(JSONParseError) -> Int? {
        switch try peek() {
        case .number:
            let value = try scanNumber()
            guard value.rounded() == value, abs(value) < 9.0e15 else { return nil }
            return Int(value)
        case .string:
            return Int(try scanString())
        default:
            try skipValue()
            return nil
        }
    }

    /// The next value when it is `true` or `false`, else nil.
    public mutating func bool() throws(JSONParseError) -> Bool? {
        guard try peek() == .bool else {
            try skipValue()
            return nil
        }
        if base[index] == UInt8(ascii: "t") {
            try expectLiteral("true")
            return true
        }
        try expectLiteral("false")
        return false
    }

    /// Skips the next value, checking it as a parse would but building nothing.
    public mutating func skipValue() throws(JSONParseError) {
        switch try peek() {
        case .object:
            enterObject()
            while try nextKey() != nil { try skipValue() }
        case .array:
            enterArray()
            while try nextElement() { try skipValue() }
        case .string:
            try skipString()
        case .number:
            _ = try scanNumber()
        case .bool:
            try expectLiteral(base[index] == UInt8(ascii: "t") ? "true" : "false")
        case .null:
            try expectLiteral("null")
        }
    }

    /// Passes the next value without checking it, for a value met before the member that
    /// says how to read it (a sorted recording line's `ev` before its `src`), which is then
    /// read from the position returned. An object or an array is passed by counting its
    /// brackets outside strings (`rw_container_end`, 64 bytes at a time), nothing else
    /// looked at; where the input ends first, or for a scalar, it is checked as
    /// `skipValue()` checks it, and a fault is thrown from here.
    ///
    /// The rest of the checks are owed, so that a document that is not JSON still fails at
    /// its first fault with the words `skipValue()` gives: the caller settles them with
    /// `checkValue(at:)` before it throws any later error, after a read from the position
    /// that failed, and when no read follows.
    public mutating func passValue() throws(JSONParseError) -> Position {
        let start = position
        skipWhitespace()
        if index < end, base[index] == UInt8(ascii: "{") || base[index] == UInt8(ascii: "[") {
            var stop = 0
            if rw_container_end(base, end, index, &stop) == 1 {
                index = stop
                return start
            }
            index = start.index
        }
        try skipValue()
        return start
    }

    /// Checks the value at `position` (from `passValue()`) as `skipValue()` would have
    /// checked it there; the scanner itself does not move.
    public func checkValue(at position: Position) throws(JSONParseError) {
        var check = JSONScanner(self, resumingAt: position)
        try check.skipValue()
    }

    // MARK: Keys

    /// False for most keys, inline in `nextKey`: a plain key whose length no skipped key has.
    @inline(__always)
    private func mayBeSkipped(_ key: JSONKey) -> Bool {
        !key.isPlain || skipping.haveNonASCII
            || (key.bytes.count < 64 && skipping.lengths & (1 &<< UInt64(key.bytes.count)) != 0)
    }

    private func isSkipped(_ key: JSONKey) -> Bool {
        for skipped in skipping.keys {
            if key.isPlain, skipped.isASCII {
                if key.bytes.elementsEqual(skipped.utf8) { return true }
            } else if key.text == skipped.text {
                return true
            }
        }
        return false
    }

    @inline(__always)
    private mutating func scanKey() throws(JSONParseError) -> JSONKey {
        index += 1
        let start = index
        // Eight bytes at a time up to the first that may end the name; a high bit marks it not ASCII.
        var highBits: UInt64 = 0
        while index + 8 <= end {
            let word = ByteWord.load(base, at: index)
            let stops = ByteWord.stringStops(word)
            if stops != 0 {
                let offset = ByteWord.firstMarked(stops)
                highBits |= ByteWord.prefix(word, bytes: offset)
                index += offset
                break
            }
            highBits |= word
            index += 8
        }
        var ascii = highBits & ByteWord.highBits == 0
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return JSONKey(bytes: raw, isPlain: ascii, hasEscapes: false)
            }
            if byte == UInt8(ascii: "\\") {
                index = start - 1
                try skipString()
                return JSONKey(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<index - 1]), isPlain: false, hasEscapes: true)
            }
            if byte < 0x20 { throw error("control character in string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw error("unterminated string")
    }

    // MARK: Strings

    /// The first byte at or after `index` that ends a plain run of a string: a quote, a
    /// backslash or a control character (or `end`). Sixteen bytes at a time (`rw_string_stop`).
    @inline(__always)
    func scanToStringStop() -> Int {
        scanToStringStop(from: index)
    }

    /// `scanToStringStop()` from `start`.
    @inline(__always)
    func scanToStringStop(from start: Int) -> Int {
        start + rw_string_stop(base + start, end - start)
    }

    /// A string value, the scanner at its opening quote.
    mutating func scanString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        let stop = scanToStringStop()
        guard stop < end else {
            index = stop
            throw error("unterminated string")
        }
        index = stop
        if base[stop] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
        }
        if base[stop] < 0x20 { throw error("control character in string") }
        if let (end, shrink) = endOfEscapedString() { return try unescapedString(from: start, end: end, shrink: shrink) }
        return String(decoding: try unescapeString(from: start), as: UTF8.self)
    }

    /// Checks a string without making it, the scanner at its opening quote.
    mutating func skipString() throws(JSONParseError) {
        // Read with a local offset, `index` set where the string ends or a refusal is
        // thrown (it says where): the stored one was written back at every stop.
        var at = index + 1
        while true {
            at = scanToStringStop(from: at)
            guard at < end else {
                index = at
                throw error("unterminated string")
            }
            let byte = base[at]
            if byte == UInt8(ascii: "\"") {
                index = at + 1
                return
            }
            if byte < 0x20 {
                index = at
                throw error("control character in string")
            }
            at += 1
            guard at < end else {
                index = at
                throw error("unterminated escape")
            }
            let escaped = base[at]
            at += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                continue
            case UInt8(ascii: "u"):
                index = at
                _ = try parseHex4()
                at = index
            default:
                index = at
                throw error("invalid escape")
            }
        }
    }

    /// The bytes of a string with escapes, from `start` (after the opening quote), the
    /// scanner somewhere before its end; it is left after the closing quote. The same
    /// steps as `JSONParser`'s, so both give the same String for any input.
    private mutating func unescapeString(from start: Int) throws(JSONParseError) -> [UInt8] {
        var scalars: [UInt8] = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < end {
            let byte = base[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return scalars
            case UInt8(ascii: "\\"):
                index += 1
                guard index < end else { throw error("unterminated escape") }
                let escaped = base[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"): scalars.append(contentsOf: UTF8.encode(try parseUnicodeEscape())!)
                default: throw error("invalid escape")
                }
            default:
                if byte < 0x20 { throw error("control character in string") }
                let stop = scanToStringStop()
                scalars.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<stop]))
                index = stop
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= end else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = base[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A \u escape, joining surrogate pairs; a lone surrogate becomes U+FFFD.
    mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xD800..<0xDC00).contains(first),
           index + 6 <= end, base[index] == UInt8(ascii: "\\"), base[index + 1] == UInt8(ascii: "u") {
            let saved = index
            index += 2
            let second = try parseHex4()
            if (0xDC00..<0xE000).contains(second) {
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) ?? "\u{FFFD}"
            }
            index = saved
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    // MARK: Numbers and literals

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= end else { throw error("unexpected end of input") }
        let start = literal.utf8Start
        for offset in 0..<count where base[index + offset] != start[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    /// A number as `JSONParser` reads it (integers below 18 digits exactly, the rest through `Double(_:)`).
    mutating func scanNumber() throws(JSONParseError) -> Double {
        let start = index
        var negative = false
        if base[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var integer: Int64 = 0
        var digits = 0
        while index < end, base[index] >= UInt8(ascii: "0"), base[index] <= UInt8(ascii: "9") {
            if digits < 18 { integer = integer * 10 + Int64(base[index] - UInt8(ascii: "0")) }
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw error("invalid number") }
        var isInteger = digits < 18
        if index < end, base[index] == UInt8(ascii: ".") || base[index] == UInt8(ascii: "e") || base[index] == UInt8(ascii: "E") {
            isInteger = false
            while index < end {
                let byte = base[index]
                guard (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
                        || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                else { break }
                index += 1
            }
        }
        if isInteger { return Double(negative ? -integer : integer) }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw error("invalid number", at: start) }
        return value
    }

    // MARK: Skipped keys

    /// A skipped key's value, as `JSONParser` skips it: a scalar is checked, a container
    /// only for matching brackets and terminated strings, so it costs a scan of its bytes.
    private mutating func skipLeniently() throws(JSONParseError) {
        guard depth < JSONParser.maximumDepth else { throw error("nested deeper than \(JSONParser.maximumDepth)") }
        skipWhitespace()
        guard index < end else { throw error("unexpected end of input") }
        switch base[index] {
        case UInt8(ascii: "\""):
            try skipStringLeniently()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipContainerLeniently()
        default:
            try skipValue()
        }
    }

    /// A skipped container, the scanner at its opening bracket: brackets outside strings
    /// must match, strings must end; nothing else is looked at. Outside strings, a word
    /// without a backslash is taken whole: its quotes say which of its bytes are inside
    /// a string (a prefix XOR of the quote marks), and only the brackets outside are
    /// visited, in order. A string still open at a word's end is passed to its closing
    /// quote by `skipToStringEndLeniently` (managedFields' keys such as
    /// `k:{\"name\":\"PORT\"}` are full of backslashes, which a word cannot take).
    private mutating func skipContainerLeniently() throws(JSONParseError) {
        // 64 bytes at a time in C (`rw_skip_container_leniently`, the same walk); nested
        // deeper than it keeps track of, walked here.
        var stop = 0
        switch UInt32(rw_skip_container_leniently(base, end, index, &stop)) {
        case rw_lenient_skip_closed.rawValue:
            index = stop
            return
        case rw_lenient_skip_mismatched.rawValue:
            throw error("mismatched bracket", at: stop)
        case rw_lenient_skip_ended.rawValue:
            index = stop
            throw error("unexpected end of input")
        case rw_lenient_skip_unterminated.rawValue:
            index = stop
            throw error("unterminated string")
        default:
            try skipDeepContainerLeniently()
        }
    }

    /// `skipContainerLeniently()` for any depth, eight bytes at a time.
    private mutating func skipDeepContainerLeniently() throws(JSONParseError) {
        var closers = BracketStack()
        let count = end
        while true {
            if index + 8 <= count {
                let word = ByteWord.load(base, at: index)
                if ByteWord.bytes(word, equalTo: UInt8(ascii: "\\")) == 0 {
                    // Bytes after an odd number of quotes (the opening quote counted, the closing one not).
                    var inside = ByteWord.bytes(word, equalTo: UInt8(ascii: "\""))
                    inside ^= inside &<< 8
                    inside ^= inside &<< 16
                    inside ^= inside &<< 32
                    // `{` `}` `[` `]` and a few others (`Y` `_` `y` DEL) share these bits; the switch tells them apart.
                    var marks = ByteWord.bytes(word & (ByteWord.ones &* 0xD9), equalTo: 0x59) & ~inside
                    while marks != 0 {
                        let at = index + ByteWord.firstMarked(marks)
                        marks &= marks &- 1
                        switch base[at] {
                        case UInt8(ascii: "{"): closers.push(isObject: true)
                        case UInt8(ascii: "["): closers.push(isObject: false)
                        case UInt8(ascii: "}"), UInt8(ascii: "]"):
                            guard closers.pop() == (base[at] == UInt8(ascii: "}")) else { throw error("mismatched bracket", at: at) }
                            if closers.isEmpty {
                                index = at + 1
                                return
                            }
                        default: break
                        }
                    }
                    index += 8
                    if inside & (1 &<< 63) != 0 { try skipToStringEndLeniently() }
                    continue
                }
            }
            guard index < count else { throw error("unexpected end of input") }
            let byte = base[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): try skipToStringEndLeniently()
            case UInt8(ascii: "{"): closers.push(isObject: true)
            case UInt8(ascii: "["): closers.push(isObject: false)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard closers.pop() == (byte == UInt8(ascii: "}")) else { throw error("mismatched bracket", at: index - 1) }
                if closers.isEmpty { return }
            default: break
            }
        }
    }

    /// A string inside a skipped key's value: up to the next unescaped quote.
    private mutating func skipStringLeniently() throws(JSONParseError) {
        index += 1
        try skipToStringEndLeniently()
    }

    /// The rest of a string inside a skipped key's value, the scanner inside it: left
    /// after the next unescaped quote. Eight bytes at a time up to a quote or a backslash.
    private mutating func skipToStringEndLeniently() throws(JSONParseError) {
        let count = end
        while index < count {
            index += rw_quote_or_backslash(base + index, count - index)
            guard index < count else { break }
            switch base[index] {
            case UInt8(ascii: "\""): index += 1; return
            case UInt8(ascii: "\\"): index += 2
            default: index += 1
            }
        }
        throw error("unterminated string")
    }
}

/// What kind of value comes next (`JSONScanner.peek()`).
public enum JSONValueKind: Sendable, Equatable {
    case object
    case array
    case string
    case number
    case bool
    case null
}

/// A member name as the scanner met it: its raw bytes, compared without making a
/// String when they are plain ASCII without escapes (nearly always); otherwise
/// compared as Strings are, so matching is exactly `JSONObject`'s. Plain data (no
/// String held), so meeting a key costs no allocation and no reference counting.
public struct JSONKey {
    /// The bytes between the quotes, escapes not undone.
    public let bytes: UnsafeRawBufferPointer
    /// ASCII without escapes: the bytes are the name.
    @usableFromInline let isPlain: Bool
    let hasEscapes: Bool

    init(bytes: UnsafeRawBufferPointer, isPlain: Bool, hasEscapes: Bool) {
        self.bytes = bytes
        self.isPlain = isPlain
        self.hasEscapes = hasEscapes
    }

    /// The name as a String, as `JSONParser` makes it.
    public var text: String {
        guard hasEscapes, let base = bytes.baseAddress else { return String(decoding: bytes, as: UTF8.self) }
        // The key was checked when it was met, quotes included, so this cannot fail.
        var scanner = JSONScanner(bytes: UnsafeRawBufferPointer(start: base - 1, count: bytes.count + 2))
        return (try? scanner.scanString()) ?? ""
    }

    /// Inlinable: decoders compare each key with several literal names, and inlined the
    /// length test against a constant rejects most of them in one instruction.
    @inlinable
    public static func == (key: JSONKey, name: StaticString) -> Bool {
        guard key.isPlain else { return key.equalsDecoded(name) }
        let count = name.utf8CodeUnitCount
        guard key.bytes.count == count else { return false }
        return memcmp(key.bytes.baseAddress!, name.utf8Start, count) == 0
    }

    @usableFromInline
    func equalsDecoded(_ name: StaticString) -> Bool {
        name.withUTF8Buffer { text == String(decoding: $0, as: UTF8.self) }
    }

    @inlinable
    public static func ~= (name: StaticString, key: JSONKey) -> Bool { key == name }

    /// Whether `test` holds for the name: on its ASCII bytes when plain, else on the String.
    public func matches(plain test: (UnsafeRawBufferPointer) -> Bool, text textTest: (String) -> Bool) -> Bool {
        isPlain ? test(bytes) : textTest(text)
    }
}
