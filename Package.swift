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
        // Files built into the binary as SwiftPM resources (`.embedInCode`, which gives each file
        // as `PackageResources.<file_name>: [UInt8]` in its own module; no Foundation, no bundle),
        // instead of Swift sources generated from them. A resource must lie inside its target's
        // directory, so the shipped themes are a target whose path is the top-level Themes/: the
        // files stay where users and the project's shape expect them, with one Swift file beside
        // them (ShippedThemes.swift) naming the texts. Symlinks from a Sources/ folder were the
        // other way in; a target needs no link to survive a clone or an archive. They are small
        // modules of their own because the generated array literals are slow to compile (the
        // 25 KB demo: ~3 s at -Onone, ~6 s at -O on 2 cores, against 0.1 s as a string literal):
        // apart, that is paid when the data changes, not in every release build of their users.
        // A theme added to Themes/ is listed here and in ShippedThemes.swift; ThemeTests fails until it is.
        .target(name: "ThemeFiles", path: "Themes", exclude: ["theme.schema.json"],
                resources: [.embedInCode("default.json"), .embedInCode("high-contrast.json"),
                            .embedInCode("mono.json"), .embedInCode("solarized-dark.json")]),
        // The recording `rollwatch demo` plays (demo.jsonl, written by `make demo-recording`).
        .target(name: "DemoRecording", resources: [.embedInCode("demo.jsonl")]),
        // The view: cell-grid Screen, themes, key table, layout and widgets. No curses here.
        .target(name: "RolloutUI", dependencies: ["RolloutCore", "KubeModel", "JSONLite", "ThemeFiles"]),
        // The only importer of CNcurses.
        .target(name: "Terminal", dependencies: ["CNcurses", "CPosix", "RolloutUI"]),
        // Command line and wiring only.
        .executableTarget(
            name: "rollwatch",
            dependencies: [
                "KubeWatch", "RolloutCore", "Recording", "RolloutUI", "KubeModel", "JSONLite", "Terminal", "DemoRecording",
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
        .testTarget(name: "RolloutUITests", dependencies: ["RolloutUI", "RolloutCore", "KubeModel", "JSONLite", "TestSupport", "ThemeFiles"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "RolloutCoreTests", dependencies: ["RolloutCore", "KubeModel", "JSONLite", "TestSupport"],
                    exclude: ["Golden"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["rollwatch", "TestSupport", "JSONLite", "KubeWatch", "KubeModel"],
            exclude: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
