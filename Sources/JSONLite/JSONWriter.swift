extension JSON {
    /// Compact JSON text, one line: the shape of a recording line and of `report --format json`.
    public func serialized() -> String {
        var output = ""
        output.reserveCapacity(256)
        write(to: &output)
        return output
    }

    /// Indented JSON for people reading a report.
    /// `level`: how deep this value sits, for writing a document a part at a time.
    public func prettySerialized(indent: String = "  ", level: Int = 0) -> String {
        var output = ""
        writePretty(to: &output, level: level, indent: indent)
        return output
    }

    public func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let value): output += JSON.format(value)
        case .string(let value): JSON.writeString(value, to: &output)
        case .array(let values):
            output += "["
            for (offset, value) in values.enumerated() {
                if offset > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (offset, member) in object.members.enumerated() {
                if offset > 0 { output += "," }
                JSON.writeString(member.key, to: &output)
                output += ":"
                member.value.write(to: &output)
            }
            output += "}"
        }
    }

    private func writePretty(to output: inout String, level: Int, indent: String) {
        let inner = String(repeating: indent, count: level + 1)
        switch self {
        case .array(let values) where !values.isEmpty:
            output += "[\n"
            for (offset, value) in values.enumerated() {
                output += inner
                value.writePretty(to: &output, level: level + 1, indent: indent)
                output += offset == values.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: indent, count: level) + "]"
        case .object(let object) where !object.isEmpty:
            output += "{\n"
            for (offset, member) in object.members.enumerated() {
                output += inner
                JSON.writeString(member.key, to: &output)
                output += ": "
                member.value.writePretty(to: &output, level: level + 1, indent: indent)
                output += offset == object.members.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: indent, count: level) + "}"
        default:
            write(to: &output)
        }
    }

    static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        if !value.isFinite { return "null" }
        return String(value)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Escapes quotes, backslashes and every control character (C0, DEL and C1), so a
    /// JSON line never carries a raw escape sequence into a terminal that cats it.
    static func writeString(_ value: String, to output: inout String) {
        output += "\""
        var needsEscape = false
        for scalar in value.unicodeScalars where scalar == "\"" || scalar == "\\" || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            needsEscape = true
            break
        }
        if !needsEscape {
            output += value
            output += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    let code = Int(scalar.value)
                    output += "\\u00"
                    output.unicodeScalars.append(Unicode.Scalar(hexDigits[code >> 4]))
                    output.unicodeScalars.append(Unicode.Scalar(hexDigits[code & 0xF]))
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member($0.0, $0.1) }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSON {
    /// A string, or null when there is none: optional report fields are null, never absent.
    public static func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
    public static func int(_ value: Int) -> JSON { .number(Double(value)) }
}
