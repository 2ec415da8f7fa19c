/// Where the package and its built products are, for tests that run real programs.
public enum Paths {
    /// The package root, from this file's place in it.
    public static let packageRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3) // Tests/TestSupport/Paths.swift
        return parts.joined(separator: "/")
    }()

    /// The rollwatch binary `swift build` made (ROLLWATCH_BIN overrides).
    public static var rollwatchBinary: String {
        Environment.value("ROLLWATCH_BIN") ?? packageRoot + "/.build/debug/rollwatch"
    }

    public static var standInScript: String { packageRoot + "/Tests/StandIn/standin.py" }
}
