import ArgumentParser
import DemoRecording
import Recording
import Session
import RolloutCore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open the view over a recording built into rollwatch: every seed incident, no cluster needed.",
        discussion: "The recording was made by serving the four incident timelines through the real kubectl."
    )

    @Option(help: ArgumentHelp("Playback speed: 0.25 to 64 (default 1).", valueName: "x"))
    var speed: Double = 1

    @Flag(help: "Write the built-in recording to stdout instead (JSON Lines), to report on it or keep it.")
    var dump = false

    @OptionGroup var view: ViewOptions

    func run() throws {
        if dump { return writeOut(String(decoding: BuiltinDemo.bytes, as: UTF8.self)) }
        let recording = try RecordingSource(name: "demo", origin: .bytes(BuiltinDemo.bytes)).load(initial: RolloutState())
        try ReplayView(recording: recording, view: view, speed: speed, start: 0).run()
    }
}
