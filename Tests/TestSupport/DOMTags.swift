/// The start tags of a serialised DOM (Chromium's `--dump-dom`), with their attributes:
/// enough to say which elements and attributes a page has. In a serialised DOM every `<`
/// of text is `&lt;`, so each `<` that is left opens a tag the browser built.
public struct DOMTag: Equatable {
    public var name: String
    public var attributes: [(name: String, value: String)]

    public static func == (lhs: DOMTag, rhs: DOMTag) -> Bool {
        lhs.name == rhs.name && lhs.attributes.elementsEqual(rhs.attributes) { $0 == $1 }
    }

    public static func scan(_ dom: String) -> [DOMTag] {
        let bytes = Array(dom.utf8)
        var tags: [DOMTag] = []
        var index = 0
        func isNameByte(_ byte: UInt8) -> Bool {
            !(byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "="))
        }
        func skipSpace() {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\n") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        }
        func read(while condition: (UInt8) -> Bool) -> String {
            let start = index
            while index < bytes.count, condition(bytes[index]) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            index += 1
            guard index < bytes.count, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "!") else {
                _ = read { $0 != UInt8(ascii: ">") }
                continue
            }
            var tag = DOMTag(name: read(while: isNameByte).lowercased(), attributes: [])
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "/") { index += 1; continue }
                let name = read(while: isNameByte).lowercased()
                var value = ""
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                        let quote = bytes[index]
                        index += 1
                        value = read { $0 != quote }
                        index += 1
                    } else {
                        value = read { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: ">") }
                    }
                }
                if !name.isEmpty { tag.attributes.append((name, value)) }
            }
            index += 1
            tags.append(tag)
            // A stylesheet's text is not markup: skip to its end tag.
            if tag.name == "style" {
                let end = Array("</style>".utf8)
                while index + end.count <= bytes.count, !bytes[index..<index + end.count].elementsEqual(end) { index += 1 }
            }
        }
        return tags
    }
}
