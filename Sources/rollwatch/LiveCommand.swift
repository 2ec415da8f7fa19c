import App
import ArgumentParser
import KubeWatch
import RolloutUI
import Runtime
import Session

struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Open the live view of a rollout (the default: rollwatch [TARGET]).",
        discussion: "Example: rollwatch deploy/checkout --record checkout.jsonl"
    )

    @OptionGroup var target: TargetArgument

    @Option(help: ArgumentHelp("Record the session to this file while watching (see rollwatch record).", valueName: "file"))
    var record: String?

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var view: ViewOptions
    @OptionGroup var rules: RuleOptions
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var accessLogs: AccessLogOptions

    func run() throws {
        let kubectl = cluster.makeKubectl()
        let plan = try cluster.plan(target: target.parsed, kubectl: kubectl)
        let logs = try accessLogs.settings(kubectl: kubectl, namespace: plan.namespace, keepsRawLines: recording.recordRaw)
        let recorder = try record.map { try recording.open($0, plan: plan, cluster: cluster, kubectl: kubectl) }
        let loop = RunLoop()
        let session = LiveSession(plan: plan, kubectl: kubectl, transport: cluster.transportMode, state: rules.initialState(), loop: loop, recorder: recorder,
                                  stopsOnClusterFailure: false, accessLogs: logs)
        let info = SessionInfo(context: cluster.context, namespace: plan.namespace, target: plan.target?.description)
        try view.terminalRun(session: info).showing {
            try $0.run(LiveViewSource(session: session), loop: loop, starting: { session.start() }, finishing: { session.finish() })
        }
        loop.sayIfItFailed()
        session.sayIfTheProxyGaveWay()
        if let stopped = session.recordingStopped {
            printError("rollwatch: warning: \(stopped)")
        } else if let recorder {
            printError("rollwatch: recorded \(recorder.linesWritten) lines to \(recorder.path)")
        }
    }
}
