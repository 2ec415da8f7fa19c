// The one Swift file of the ThemeFiles target, whose directory is the top-level Themes/:
// SwiftPM embeds each theme file listed in Package.swift as `PackageResources.<name>_json`
// (bytes, internal to this module), and this names them for RolloutUI.

/// The shipped themes, by name, as the text of their Themes/NAME.json: what a single
/// binary copied to a bastion still has, and byte for byte the files in the repository.
public enum ShippedThemes {
    public static let all: [(name: String, text: String)] = [
        ("default", PackageResources.default_json),
        ("high-contrast", PackageResources.high_contrast_json),
        ("mono", PackageResources.mono_json),
        ("solarized-dark", PackageResources.solarized_dark_json),
    ].map { ($0.0, String(decoding: $0.1, as: UTF8.self)) }
}
