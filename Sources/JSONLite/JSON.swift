/// A JSON value. Objects keep their members in document order so that a
/// recording written back out reads like what kubectl printed.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}

/// An ordered JSON object. Kubernetes objects have few keys per level, so a
/// linear lookup beats hashing every key of every decoded object.
public struct JSONObject: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSON
        public init(_ key: String, _ value: JSON) {
            self.key = key
            self.value = value
        }
    }

    public var members: [Member]

    public init(_ members: [Member] = []) {
        self.members = members
    }

    public subscript(key: String) -> JSON? {
        get { members.first { $0.key == key }?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key, newValue))
            }
        }
    }

    public var keys: [String] { members.map(\.key) }
    public var isEmpty: Bool { members.isEmpty }
}

extension JSON {
    /// The member `key` of an object, or `.null` when this is not an object or has no such key;
    /// lets decoders walk paths such as `pod["status"]["phase"]` without optional chains.
    public subscript(key: String) -> JSON {
        if case .object(let object) = self { return object[key] ?? .null }
        return .null
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var double: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// Integral numbers only; also accepts integer strings (Kubernetes quotes some counters).
    public var int: Int? {
        switch self {
        case .number(let value) where value.rounded() == value && abs(value) < 9.0e15: return Int(value)
        case .string(let text): return Int(text)
        default: return nil
        }
    }

    /// The elements of an array; empty for anything else, since a missing list means "none".
    public var array: [JSON] {
        if case .array(let values) = self { return values }
        return []
    }

    public var object: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// A string-to-string map such as labels or annotations; non-string values are skipped.
    public var stringMap: [String: String] {
        guard case .object(let object) = self else { return [:] }
        var map: [String: String] = [:]
        map.reserveCapacity(object.members.count)
        for member in object.members {
            if let value = member.value.string { map[member.key] = value }
        }
        return map
    }
}
