import ArgumentParser
import RolloutUI

struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the themes --theme and ROLLWATCH_THEME accept.",
        discussion: "Your own go in $XDG_CONFIG_HOME/rollwatch/themes/NAME.json (schema: Themes/theme.schema.json in the source)."
    )

    func run() throws {
        let catalog = ThemeCatalog(environment: environment)
        var text = ""
        for theme in catalog.available() {
            text += theme.name.padding(20) + theme.origin.padding(12) + " " + theme.description + "\n"
        }
        if let directory = catalog.userDirectory { text += "\nYour themes: \(directory)/NAME.json\n" }
        writeOut(text)
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
