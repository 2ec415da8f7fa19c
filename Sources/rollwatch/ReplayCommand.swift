import App
import ArgumentParser
import Replay
import Runtime
import Session
import RolloutUI

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Open the view over a recording, driven by the recording's own clock.",
        discussion: """
            Keys: space pause · ←/→ 5 s · ,/. one event (paused) · [/] previous/next marker · +/- speed · 0-9 jump to 0-90 %.
            Example: rollwatch replay checkout.jsonl --speed 4 --start 1m
            """
    )

    @Argument(help: ArgumentHelp("The recording (JSON Lines, or .gz).", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Playback speed: 0.25 to 64 (default 1).", valueName: "x"))
    var speed: Double = 1

    @Option(help: ArgumentHelp("Start this far into the recording: 30s, 2m.", valueName: "offset"))
    var start: DurationArgument?

    @OptionGroup var view: ViewOptions
    @OptionGroup var rules: RuleOptions

    func validate() throws {
        guard speed >= 0.25, speed <= 64 else { throw ValidationError("--speed must be between 0.25 and 64") }
    }

    func run() throws {
        let recording = try RecordingSource(name: file, origin: .file).load(initial: rules.initialState())
        try ReplayView(recording: recording, view: view, speed: speed, start: start?.seconds ?? 0).run()
    }
}

/// The view over a loaded recording: shared by `replay` and `demo`.
struct ReplayView {
    let recording: LoadedRecording
    let view: ViewOptions
    let speed: Double
    let start: Double

    func run() throws {
        let header = recording.header
        let player = ReplayPlayer(timeline: recording.timeline, startOffset: start, speed: speed)
        let warning = recording.warnings.first.map { "\(recording.path): \($0)" }
        let info = SessionInfo(context: header.context, namespace: header.namespace, target: header.target,
                               recording: recording.path)
        let loop = RunLoop()
        try view.terminalRun(session: info).showing { try $0.run(ReplayViewSource(player: player, warning: warning), loop: loop) }
        loop.sayIfItFailed()
    }
}
