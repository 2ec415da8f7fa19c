import KubeModel
import RolloutCore
import RolloutUI
import Testing
import TestSupport

/// Render snapshots: the character plane and the role plane of a frame, kept as
/// text files beside the tests. A missing file is written and the test fails, so
/// a new snapshot is always looked at once before it is trusted; set
/// ROLLWATCH_UPDATE_SNAPSHOTS=1 to rewrite them after an intended change.
enum Snapshot {
    static let directory: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast()
        return parts.joined(separator: "/") + "/Snapshots"
    }()

    /// One letter per role, so the role plane reads as a map of meaning.
    static let legend: [Role: Character] = [
        .text: " ", .dim: "d", .border: "-", .title: "T", .header: "h", .headerAccent: "H", .selection: "s", .keyHint: "k",
        .live: "L", .replay: "R", .paused: "P", .critical: "C", .warning: "W", .info: "I", .ok: "o", .error: "E",
        .revisionNew: "N", .revisionOld: "O", .containerApp: "a", .containerSidecar: "S", .containerInit: "i",
        .containerNotReady: "n", .containerWaiting: "w", .containerFailed: "x", .endpointReady: "r", .endpointServing: "v",
        .endpointTerminating: "t", .endpointAbsent: ".", .gateTrue: "g", .gateFalse: "f", .laneRunning: "=", .laneReady: "#",
        .laneWaiting: ":", .eventMarker: "^", .hazardCritical: "!", .hazardWarning: "?", .hazardInfo: "~", .filter: "/",
        .cursor: "|",
    ]

    static func check(_ screen: Screen, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        compare(screen.characterPlane + "\n", file: "\(name).txt", sourceLocation: sourceLocation)
        compare(screen.rolePlane(legend) + "\n", file: "\(name).roles.txt", sourceLocation: sourceLocation)
    }

    private static func compare(_ actual: String, file: String, sourceLocation: SourceLocation) {
        let path = directory + "/" + file
        let existing = readText(path)
        if Environment.value("ROLLWATCH_UPDATE_SNAPSHOTS") != nil || existing == nil {
            writeText(actual, to: path)
            if existing == nil { Issue.record("recorded new snapshot \(file); look at it and run again", sourceLocation: sourceLocation) }
            return
        }
        if existing != actual {
            Issue.record("\(file) differs:\n--- expected\n\(existing ?? "")--- actual\n\(actual)", sourceLocation: sourceLocation)
        }
    }
}

/// Frames of the seeds at fixed times, with a fixed clock and session.
enum Frames {
    static let base = Timestamp(rfc3339: "2026-11-21T10:00:00Z")!
    static let session = SessionInfo(context: "gke_shop_europe-west1_prod", namespace: "shop", target: "deploy/checkout")

    /// The seed's state `seconds` after its start, rules advanced to that moment.
    static func state(_ seed: SeedScenario, at seconds: Double) -> RolloutState {
        var state = RolloutState()
        let now = base.adding(seconds: seconds)
        for input in seed.scenario.inputs(base: base) where input.time <= now { state.ingest(input) }
        state.advance(to: now)
        return state
    }

    static func render(_ seed: SeedScenario, at seconds: Double, width: Int, height: Int, view: ViewState = ViewState(),
                       glyphs: Glyphs = .unicode, playback: Playback = .live) -> Rendered {
        let input = ViewInput(state: state(seed, at: seconds), view: view, session: session, playback: playback,
                              now: base.adding(seconds: seconds), glyphs: glyphs)
        return RolloutView().render(input, width: width, height: height)
    }
}
