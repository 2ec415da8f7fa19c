import JSONLite
import KubeModel

extension JSON {
    /// This value with the members of every object sorted by name, as `jq -S` and Python's
    /// `json.dumps(sort_keys=True)` write them: a watch event's `object` before its `type`,
    /// a recording line's `ev` before its `src`.
    public var withSortedMembers: JSON {
        switch self {
        case .object(let object):
            let members = object.members.map { JSONObject.Member($0.key, $0.value.withSortedMembers) }
            return .object(JSONObject(members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }))
        case .array(let elements): return .array(elements.map(\.withSortedMembers))
        default: return self
        }
    }
}

/// What a strict check of the whole document (`skipValue()` and `finish()`, skipping what
/// the decoders skip) finds first: the fault a decode of a document that is not JSON names
/// when it met the faulty value before it knew how to read it. Nil for JSON.
public func firstFault(of bytes: [UInt8]) -> JSONParseError? {
    bytes.withUnsafeBytes { raw in
        var scanner = JSONScanner(bytes: raw, skipping: WatchEvent.scannerSkipping)
        do throws(JSONParseError) {
            try scanner.skipValue()
            try scanner.finish()
            return nil
        } catch {
            return error
        }
    }
}
