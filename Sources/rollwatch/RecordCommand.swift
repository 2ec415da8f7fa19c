import ArgumentParser
import Session
import KubeWatch
import Recording
import RolloutCore
import Runtime

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a session to a file without a terminal UI (for a bastion, under nohup).",
        discussion: """
            The file is JSON Lines (SPEC §6), redacted unless --record-raw, created 0600, and gzip when its \
            name ends in .gz. SIGINT, SIGTERM and SIGHUP end the recording with a complete file. \
            A file that cannot be written (disk full, removed, an I/O error) keeps its whole lines and \
            ends the run with exit code 4.
            Example: nohup rollwatch record deploy/checkout -o checkout.jsonl.gz --for 1h &
            """
    )

    @OptionGroup var target: TargetArgument

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The recording file to create.", valueName: "file"))
    var output: String

    @Option(name: .customLong("for"), help: ArgumentHelp("Stop after this long (default: until interrupted).", valueName: "duration"))
    var duration: DurationArgument?

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var accessLogs: AccessLogOptions

    func run() throws {
        let kubectl = cluster.makeKubectl()
        let plan = try cluster.plan(target: target.parsed, kubectl: kubectl)
        let logs = try accessLogs.settings(kubectl: kubectl, namespace: plan.namespace, keepsRawLines: recording.recordRaw)
        let writer = try recording.open(output, plan: plan, cluster: cluster, kubectl: kubectl)
        let loop = RunLoop()
        let session = LiveSession(plan: plan, kubectl: kubectl, transport: cluster.transportMode, state: RolloutState(), loop: loop, recorder: writer,
                                  accessLogs: logs)
        // A file that can take no more ends the run at once, not at --for.
        let signal = HeadlessRun(session: session, loop: loop).run(seconds: duration?.seconds, until: { _ in writer.failure != nil })
        loop.sayIfItFailed()
        session.sayIfTheProxyGaveWay()
        if let failure = writer.failure {
            throw Failure(message: "writing \(output): \(failure); it keeps its first \(writer.linesWritten) lines", exitCode: Failure.recordingExit)
        }
        if let failure = session.failureToList(within: duration?.text ?? "the run", interruptedBy: signal) {
            throw Failure.cluster(failure)
        }
        let ending = signal.map { " (stopped by signal \($0))" } ?? ""
        printError("rollwatch: recorded \(writer.linesWritten) lines to \(output)\(ending)")
    }
}
