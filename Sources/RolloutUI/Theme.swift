import JSONLite

/// How many colours the terminal shows; a theme resolves each role for one depth.
public enum ColorDepth: Sendable, Equatable {
    case c256
    case c16
    case c8
    /// No colour: attributes alone (`--no-color`, `NO_COLOR`, or a terminal without colours).
    case mono

    public init(colors: Int) {
        self = colors >= 256 ? .c256 : colors >= 16 ? .c16 : colors >= 8 ? .c8 : .mono
    }
}

public enum TextAttribute: String, Sendable, CaseIterable {
    case bold
    case dim
    case reverse
    case underline
}

/// A colour per depth: a 256-colour index, and 16/8-colour fallbacks. The index -1
/// is the terminal's own default colour.
public struct ColorChoice: Sendable, Equatable {
    public var c256: Int
    public var c16: Int
    public var c8: Int

    public static let names = ["default", "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
                               "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
                               "bright-magenta", "bright-cyan", "bright-white"]

    /// The colour index at `depth`; nil in monochrome.
    public func index(at depth: ColorDepth) -> Int? {
        switch depth {
        case .c256: return c256
        case .c16: return c16
        case .c8: return c8
        case .mono: return nil
        }
    }

    /// -1 for "default", 0–15 for the named colours.
    static func index(named name: String) -> Int? {
        ColorChoice.names.firstIndex(of: name).map { $0 - 1 }
    }
}

/// How one role looks: colours and attributes.
public struct Style: Sendable, Equatable {
    public var foreground: ColorChoice?
    public var background: ColorChoice?
    public var attributes: [TextAttribute]

    public init(foreground: ColorChoice? = nil, background: ColorChoice? = nil, attributes: [TextAttribute] = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// A theme: a style for every semantic role (the schema is Themes/theme.schema.json).
public struct Theme: Sendable, Equatable {
    public var name: String
    public var description: String
    public var styles: [Role: Style]

    public func style(_ role: Role) -> Style {
        styles[role] ?? Style()
    }

    /// Parses a theme file's text; every role must be present, nothing unknown may be.
    public init(jsonText: String, origin: String) throws(ThemeError) {
        let json: JSON
        do {
            json = try JSONParser().parse(jsonText)
        } catch {
            throw ThemeError("\(origin): \(error)")
        }
        guard let name = json["name"].string, !name.isEmpty else { throw ThemeError("\(origin): a theme needs a \"name\"") }
        guard let roles = json["roles"].object else { throw ThemeError("\(origin): a theme needs \"roles\"") }
        self.name = name
        description = json["description"].string ?? ""
        var styles: [Role: Style] = [:]
        for member in roles.members {
            guard let role = Role(rawValue: member.key) else { throw ThemeError("\(origin): unknown role \"\(member.key)\"") }
            styles[role] = try Theme.style(member.value, origin: "\(origin): role \(member.key)")
        }
        let missing = Role.allCases.filter { styles[$0] == nil }.map(\.rawValue)
        guard missing.isEmpty else { throw ThemeError("\(origin): no style for \(missing.joined(separator: ", "))") }
        self.styles = styles
    }

    private static func style(_ json: JSON, origin: String) throws(ThemeError) -> Style {
        guard json.object != nil else { throw ThemeError("\(origin): expected an object") }
        var attributes: [TextAttribute] = []
        for value in json["attrs"].array {
            guard let attribute = value.string.flatMap(TextAttribute.init(rawValue:)) else {
                throw ThemeError("\(origin): unknown attribute \(value.serialized())")
            }
            attributes.append(attribute)
        }
        return Style(foreground: try color(json["fg"], origin: origin + " fg"), background: try color(json["bg"], origin: origin + " bg"),
                     attributes: attributes)
    }

    private static func color(_ json: JSON, origin: String) throws(ThemeError) -> ColorChoice? {
        if json.isNull { return nil }
        func index(_ key: String, limit: Int) throws(ThemeError) -> Int {
            let value = json[key]
            if let number = value.int, number >= 0, number < limit, key == "c256" { return number }
            if let name = value.string, let number = ColorChoice.index(named: name), number < limit { return number }
            throw ThemeError("\(origin): \(key) must be \(key == "c256" ? "0–255 or " : "")a colour name within \(limit) colours")
        }
        return ColorChoice(c256: try index("c256", limit: 256), c16: try index("c16", limit: 16), c8: try index("c8", limit: 8))
    }
}
