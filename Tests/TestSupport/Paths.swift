#if canImport(Glibc)
import Glibc
#endif

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

    /// The bandwidth-limited relay of the slow-link test (`SlowLink`).
    public static var slowLinkScript: String { packageRoot + "/Tests/StandIn/slowlink.py" }

    /// The kubectl a user's shell would run: the first one on PATH.
    public static var kubectl: String {
        let directories = (Environment.value("PATH") ?? "/usr/bin").split(separator: ":")
        return directories.map { "\($0)/kubectl" }.first { access($0, X_OK) == 0 } ?? "/usr/bin/kubectl"
    }
}
