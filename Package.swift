// swift-tools-version:6.0
import PackageDescription

// Linux only: the code imports Glibc, links ncursesw and reads /proc, so no `platforms:`
// entry claims an Apple OS (SwiftPM has no Linux platform to name; the toolchain is the claim).
let package = Package(
    name: "rollwatch",
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
        // The recording format: redaction, writer, reader, and the seekable replay timeline.
        // zlib is linked statically (`-l:libz.a`), so the one binary needs no libz on a bastion.
        .target(name: "Recording", dependencies: ["RolloutCore", "KubeModel", "JSONLite", "CPosix", "CZlib"],
                linkerSettings: [.linkedLibrary(":libz.a")]),
        // The view: cell-grid Screen, themes, key table, layout and widgets. No curses here.
        .target(name: "RolloutUI", dependencies: ["RolloutCore", "KubeModel", "JSONLite"]),
        // The only importer of CNcurses.
        .target(name: "Terminal", dependencies: ["CNcurses", "CPosix", "RolloutUI"]),
        // Command line and wiring only.
        .executableTarget(
            name: "rollwatch",
            dependencies: [
                "KubeWatch", "RolloutCore", "Recording", "RolloutUI", "KubeModel", "JSONLite", "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The in-process measurements of `make bench` (frame build, replay seek, heap).
        .executableTarget(name: "rollwatch-bench", dependencies: ["Recording", "RolloutUI", "RolloutCore", "KubeModel", "CPosix"]),

        .target(name: "TestSupport", dependencies: ["KubeWatch", "RolloutCore", "JSONLite"], path: "Tests/TestSupport"),
        .testTarget(name: "JSONLiteTests", dependencies: ["JSONLite"]),
        .testTarget(name: "KubeModelTests", dependencies: ["KubeModel", "JSONLite"]),
        .testTarget(name: "KubeWatchTests", dependencies: ["KubeWatch", "KubeModel", "JSONLite"]),
        .testTarget(name: "RecordingTests", dependencies: ["Recording", "RolloutCore", "KubeModel", "JSONLite", "TestSupport"]),
        .testTarget(name: "RolloutUITests", dependencies: ["RolloutUI", "RolloutCore", "KubeModel", "JSONLite", "TestSupport"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "RolloutCoreTests", dependencies: ["RolloutCore", "KubeModel", "JSONLite", "TestSupport"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["rollwatch", "TestSupport", "JSONLite", "KubeWatch", "KubeModel"],
            exclude: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
