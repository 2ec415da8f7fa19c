// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rollwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rollwatch", targets: ["rollwatch"]),
    ],
    dependencies: [
        // The one dependency: a declarative, well-tested command line with generated help.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System and C shims: the only places that touch C globals and macros.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(name: "CPosix", path: "Sources/CPosix"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        // A small JSON value, parser and writer over bytes (no Foundation).
        .target(name: "JSONLite"),
        // Typed subsets of the Kubernetes objects rollwatch reads, decoded from JSONLite.
        .target(name: "KubeModel", dependencies: ["JSONLite"]),
        // kubectl processes, framing, list+watch streams with restart and reconcile.
        .target(name: "KubeWatch", dependencies: ["KubeModel", "JSONLite", "CPosix"]),
        // The state store, timeline, roles and the report model.
        .target(name: "RolloutCore", dependencies: ["KubeModel", "JSONLite"]),
        // The recording file format only: redaction, writer (0600, gzip), streaming reader.
        // zlib is linked statically (`-l:libz.a`), so the one binary needs no libz on a bastion.
        .target(name: "Recording", dependencies: ["KubeModel", "JSONLite", "CPosix", "CZlib"],
                linkerSettings: [.linkedLibrary(":libz.a")]),
        // The replay engine: a recording's inputs with keyframes, the player's clock, markers.
        .target(name: "Replay", dependencies: ["RolloutCore", "KubeModel"]),
        // A session: the streams of a plan fed to the recorder and the state (live, headless),
        // and recordings loaded for replay.
        .target(name: "Session", dependencies: ["KubeWatch", "Recording", "Replay", "RolloutCore", "KubeModel"]),
        // The view: cell-grid Screen, themes, key table, view state and its effects, layout and widgets. No curses here.
        .target(name: "RolloutUI", dependencies: ["RolloutCore", "KubeModel", "JSONLite"]),
        // The only importer of CNcurses.
        .target(name: "Terminal", dependencies: ["CNcurses", "CPosix", "RolloutUI"]),
        // The terminal app on the run loop: view sources (live, replay), keys to effects, frames.
        .target(name: "App", dependencies: ["Session", "Replay", "RolloutUI", "Terminal", "RolloutCore", "KubeModel", "KubeWatch", "CPosix"]),
        // The commands: ArgumentParser types that parse, check and call the layers below.
        .executableTarget(
            name: "rollwatch",
            dependencies: [
                "App", "Session", "Replay", "KubeWatch", "RolloutCore", "Recording", "RolloutUI", "KubeModel", "JSONLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The in-process measurements of `make bench` (frame build, replay seek, heap).
        .executableTarget(name: "rollwatch-bench", dependencies: ["Recording", "Replay", "RolloutUI", "RolloutCore", "KubeModel", "CPosix"]),

        .target(name: "TestSupport", dependencies: ["KubeWatch", "RolloutCore", "JSONLite"], path: "Tests/TestSupport"),
        .testTarget(name: "JSONLiteTests", dependencies: ["JSONLite"]),
        .testTarget(name: "KubeModelTests", dependencies: ["KubeModel", "JSONLite"]),
        .testTarget(name: "KubeWatchTests", dependencies: ["KubeWatch", "KubeModel", "JSONLite"]),
        .testTarget(name: "RecordingTests", dependencies: ["Recording", "KubeModel", "JSONLite", "TestSupport"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "RolloutCore", "KubeModel", "JSONLite", "TestSupport"]),
        .testTarget(name: "RolloutUITests", dependencies: ["RolloutUI", "RolloutCore", "KubeModel", "JSONLite", "TestSupport"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "RolloutCoreTests", dependencies: ["RolloutCore", "KubeModel", "JSONLite", "TestSupport"]),
        .testTarget(name: "HouseTests", dependencies: ["TestSupport"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["rollwatch", "TestSupport", "JSONLite", "KubeWatch", "KubeModel"],
            exclude: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
