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
        // A declarative, well-tested command line with generated help.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Typed descriptors and errno (FileDescriptor, Errno) with EINTR retries, instead of hand-written loops.
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // System and C shims: the only places that touch C globals and macros.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(name: "CPosix", path: "Sources/CPosix"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Sixteen bytes at a time to the next byte of a kind (SSE2), for JSONLite's scanner: a header only.
        .systemLibrary(name: "CByteScan", path: "Sources/CByteScan"),

        // A small JSON value, parser and writer over bytes (no Foundation).
        .target(name: "JSONLite", dependencies: ["CByteScan"]),
        // What every command needs and nothing about Kubernetes: the poll run loop, signals,
        // clocks, child processes and their reaping, file I/O.
        .target(name: "Runtime", dependencies: ["CPosix", .product(name: "SystemPackage", package: "swift-system")]),
        // Typed subsets of the Kubernetes objects rollwatch reads, decoded straight from bytes
        // (JSONLite's scanner) or from a JSON tree; cluster strings made terminal-safe here.
        .target(name: "KubeModel", dependencies: ["JSONLite", "CByteScan", "Runtime"]),
        // The kubectl transport: one kubectl proxy per session (HTTP/1.1 over its unix socket) or
        // kubectl per request, framing, paged lists and watches with restart and reconcile.
        .target(name: "KubeWatch", dependencies: ["KubeModel", "JSONLite", "Runtime", "CPosix"]),
        // The state store, timeline, roles and the report model.
        .target(name: "RolloutCore", dependencies: ["KubeModel", "JSONLite", "Runtime"]),
        // The recording file format only: redaction, writer (0600, gzip), streaming reader.
        // zlib is linked statically (`-l:libz.a`), so the one binary needs no libz on a bastion.
        .target(name: "Recording", dependencies: ["KubeModel", "JSONLite", "Runtime", "CPosix", "CZlib",
                                                .product(name: "SystemPackage", package: "swift-system")],
                linkerSettings: [.linkedLibrary(":libz.a")]),
        // The replay engine: a recording's inputs with keyframes, the player's clock, markers.
        .target(name: "Replay", dependencies: ["RolloutCore", "KubeModel"]),
        // A session: the streams of a plan fed to the recorder and the state (live, headless),
        // and recordings loaded for replay.
        .target(name: "Session", dependencies: ["Runtime", "KubeWatch", "Recording", "Replay", "RolloutCore", "KubeModel"]),
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
        // The view: cell-grid Screen, themes, key table, view state and its effects, layout and widgets. No curses here.
        .target(name: "RolloutUI", dependencies: ["RolloutCore", "KubeModel", "JSONLite", "Runtime", "ThemeFiles"]),
        // The postmortem page (`report --format html`): one self-contained HTML file drawn from
        // the report, the shared timeline models of RolloutCore and the default theme's roles.
        .target(name: "ReportPage", dependencies: ["RolloutCore", "KubeModel", "RolloutUI"]),
        // The only importer of CNcurses.
        .target(name: "Terminal", dependencies: ["CNcurses", "CPosix", "Runtime", "RolloutUI"]),
        // The terminal app on the run loop: view sources (live, replay), keys to effects, frames.
        .target(name: "App", dependencies: ["Session", "Replay", "RolloutUI", "Terminal", "RolloutCore", "KubeModel", "Runtime", "CPosix"]),
        // The commands: ArgumentParser types that parse, check and call the layers below.
        .executableTarget(
            name: "rollwatch",
            dependencies: [
                "App", "Session", "Replay", "Runtime", "KubeWatch", "RolloutCore", "Recording", "RolloutUI", "ReportPage", "KubeModel", "JSONLite",
                "DemoRecording",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // The in-process measurements of `make bench` (frame build, replay seek, heap).
        .executableTarget(name: "rollwatch-bench", dependencies: ["Recording", "Replay", "Session", "RolloutUI", "RolloutCore", "KubeModel", "CPosix"]),

        .target(name: "TestSupport", dependencies: ["Runtime", "KubeWatch", "RolloutCore", "JSONLite"], path: "Tests/TestSupport"),
        .testTarget(name: "JSONLiteTests", dependencies: ["JSONLite", "CByteScan"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "TestSupport", .product(name: "SystemPackage", package: "swift-system")]),
        .testTarget(name: "KubeModelTests", dependencies: ["KubeModel", "JSONLite", "TestSupport"]),
        .testTarget(name: "KubeWatchTests", dependencies: ["KubeWatch", "KubeModel", "JSONLite", "Runtime",
                                                     .product(name: "SystemPackage", package: "swift-system")]),
        .testTarget(name: "RecordingTests", dependencies: ["Recording", "KubeModel", "JSONLite", "Runtime", "TestSupport"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "Session", "Recording", "Runtime", "RolloutCore", "KubeModel", "JSONLite",
                                                   "TestSupport"]),
        .testTarget(name: "RolloutUITests", dependencies: ["RolloutUI", "RolloutCore", "KubeModel", "JSONLite", "TestSupport", "ThemeFiles"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "RolloutCoreTests", dependencies: ["RolloutCore", "KubeModel", "JSONLite", "TestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "ReportPageTests", dependencies: ["ReportPage", "RolloutCore", "KubeModel", "TestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "HouseTests", dependencies: ["TestSupport"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["rollwatch", "TestSupport", "JSONLite", "Runtime", "KubeWatch", "KubeModel"],
            exclude: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
