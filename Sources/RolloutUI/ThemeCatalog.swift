#if canImport(Glibc)
import Glibc
#endif
import Runtime
import ThemeFiles

/// Finds themes: the ones built into the binary, and the user's own in
/// `$XDG_CONFIG_HOME/rollwatch/themes/NAME.json` (or `~/.config/...`), which win
/// over a built-in of the same name. A path (anything with a `/` or ending in
/// `.json`) is read as a file.
public struct ThemeCatalog: Sendable {
    public let userDirectory: String?

    public init(environment: (String) -> String?) {
        if let config = environment("XDG_CONFIG_HOME") {
            userDirectory = config + "/rollwatch/themes"
        } else if let home = environment("HOME") {
            userDirectory = home + "/.config/rollwatch/themes"
        } else {
            userDirectory = nil
        }
    }

    public static let defaultName = "default"

    public static var builtinDefault: Theme {
        try! Theme(jsonText: ShippedThemes.all.first { $0.name == defaultName }!.text, origin: "built-in default")
    }

    public static func builtin(_ name: String) -> Theme? {
        ShippedThemes.all.first { $0.name == name }.flatMap { try? Theme(jsonText: $0.text, origin: "built-in \(name)") }
    }

    public static var builtinNames: [String] { ShippedThemes.all.map(\.name) }

    public func load(_ nameOrPath: String) throws(ThemeError) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            return try Theme(jsonText: try readFile(nameOrPath), origin: nameOrPath)
        }
        if let userDirectory, let text = try? readFile(userDirectory + "/" + nameOrPath + ".json") {
            return try Theme(jsonText: text, origin: userDirectory + "/" + nameOrPath + ".json")
        }
        if let theme = ThemeCatalog.builtin(nameOrPath) { return theme }
        throw ThemeError("no theme named \(nameOrPath) (try: \(available().map(\.name).joined(separator: ", ")))")
    }

    /// Every theme a user can pick, with where it comes from.
    public func available() -> [(name: String, origin: String, description: String)] {
        var found: [(name: String, origin: String, description: String)] = []
        for name in userThemeNames() {
            let path = userDirectory! + "/" + name + ".json"
            let description = (try? Theme(jsonText: try readFile(path), origin: path))?.description ?? "(does not load)"
            found.append((name, path, description))
        }
        for name in ThemeCatalog.builtinNames where !found.contains(where: { $0.name == name }) {
            found.append((name, "built-in", ThemeCatalog.builtin(name)?.description ?? ""))
        }
        return found.sorted { $0.name < $1.name }
    }

    private func userThemeNames() -> [String] {
        guard let userDirectory, let directory = opendir(userDirectory) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".json"), !name.hasPrefix(".") { names.append(String(name.dropLast(5))) }
        }
        return names
    }

    private func readFile(_ path: String) throws(ThemeError) -> String {
        do {
            return String(decoding: try FileIO.readWholeFile(path, limit: 1 << 20), as: UTF8.self)
        } catch .tooLarge {
            throw ThemeError("\(path): larger than 1 MiB, not a theme")
        } catch {
            throw ThemeError("\(path): \(error)")
        }
    }
}
