import Testing
import TestSupport
import ThemeFiles
@testable import RolloutUI

@Suite struct ThemeTests {
    static let themeFiles = ["default", "high-contrast", "solarized-dark", "mono"]

    @Test(arguments: themeFiles)
    func everyShippedThemeLoadsCoversEveryRoleAndIsBuiltIn(name: String) throws {
        let path = Paths.packageRoot + "/Themes/\(name).json"
        let theme = try ThemeCatalog(environment: { _ in nil }).load(path)
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(Role.allCases), "every role has a style")
        #expect(ThemeCatalog.builtin(name) == theme, "the built-in \(name) is the shipped file")
        let embedded = ShippedThemes.all.first { $0.name == name }?.text
        #expect(embedded == readText(path), "embedded text is byte for byte Themes/\(name).json")
    }

    /// Embedding is per file (Package.swift lists each), so a theme added to Themes/ and not
    /// listed there would ship in the repository but not in the binary.
    @Test func theBuiltInThemesAreExactlyTheThemesFolder() throws {
        let folder = try #require(directoryEntries(Paths.packageRoot + "/Themes"))
        let shipped = folder.filter { $0.hasSuffix(".json") && $0 != "theme.schema.json" }.map { String($0.dropLast(5)) }
        #expect(ThemeCatalog.builtinNames.sorted() == shipped.sorted())
        #expect(Self.themeFiles.sorted() == shipped.sorted(), "every shipped theme is checked above")
    }

    @Test func theBuiltInDefaultIsThemesDefaultJSON() throws {
        let file = try ThemeCatalog(environment: { _ in nil }).load(Paths.packageRoot + "/Themes/default.json")
        #expect(ThemeCatalog.builtinDefault == file)
    }

    /// Without colour, hazards still stand out: every hazard and severity role carries an attribute.
    @Test func monoAndEveryThemeMarkHazardsWithoutColour() throws {
        for name in Self.themeFiles {
            let theme = try #require(ThemeCatalog.builtin(name))
            for role in [Role.hazardCritical, .hazardWarning, .critical, .warning, .selection] {
                #expect(!theme.style(role).attributes.isEmpty, "\(name) \(role.rawValue) has an attribute")
            }
        }
        let mono = try #require(ThemeCatalog.builtin("mono"))
        #expect(mono.styles.values.allSatisfy { $0.foreground == nil && $0.background == nil })
    }

    @Test func userThemesWinAndBadThemesAreOneLineErrors() throws {
        let directory = TemporaryDirectory()
        let themes = directory.path + "/rollwatch/themes"
        #expect(mkdirPath(themes))
        var text = readText(Paths.packageRoot + "/Themes/mono.json")!
        text = text.replacingFirst(#""name": "mono""#, with: #""name": "mine""#)
        directory.write("rollwatch/themes/mine.json", text)
        directory.write("rollwatch/themes/broken.json", #"{"name":"broken","roles":{"text":{}}}"#)
        let catalog = ThemeCatalog(environment: { $0 == "XDG_CONFIG_HOME" ? directory.path : nil })
        #expect(try catalog.load("mine").name == "mine")
        #expect(catalog.available().map(\.name).contains("mine"))
        #expect(throws: ThemeError.self) { try catalog.load("broken") }
        do {
            _ = try catalog.load("broken")
        } catch {
            #expect(error.description.contains("no style for dim"))
            #expect(!error.description.contains("\n"))
        }
        #expect(throws: ThemeError.self) { try catalog.load("nosuch") }
    }

    @Test func theKeyTableBindsEachKeyOnceAndHelpListsEveryAction() {
        var seen: [Key: Action] = [:]
        for binding in KeyTable.bindings {
            for key in binding.keys {
                #expect(seen[key] == nil, "\(key) bound to \(seen[key].map { "\($0)" } ?? "") and \(binding.action)")
                seen[key] = binding.action
            }
        }
        #expect(Set(KeyTable.bindings.map(\.action)) == Set(Action.allCases))
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        let characters = Array(self)
        let needle = Array(target)
        guard !needle.isEmpty, characters.count >= needle.count else { return self }
        for start in 0...(characters.count - needle.count) where Array(characters[start..<start + needle.count]) == needle {
            return String(characters[..<start]) + replacement + String(characters[(start + needle.count)...])
        }
        return self
    }
}
