#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Session
import JSONLite
import KubeWatch
import KubeModel
import Recording
import RolloutCore
import ReportPage
import Runtime

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the findings of a recording, or watch live without a terminal UI and then print them.",
        discussion: """
            Examples:
              rollwatch report session.jsonl --format markdown
              rollwatch report session.jsonl --format html > postmortem.html
              rollwatch report deploy/checkout --for 2m --format json
              kubectl apply -f app.yaml && rollwatch report deploy/checkout --until-complete --timeout 10m
            """
    )

    @Argument(help: ArgumentHelp("A recording file, or what to watch live: deploy/NAME, sts/NAME, ds/NAME or svc/NAME (default: the whole namespace).",
                                 valueName: "file-or-target"))
    var subject: String?

    @Option(name: .customLong("for"), help: ArgumentHelp("Watch live this long: 30s, 5m, 1h30m.", valueName: "duration"))
    var duration: DurationArgument?

    @Flag(name: .customLong("until-complete"), help: "Watch live until the workload's rollout is complete (as kubectl rollout status) and no old pod is still terminating.")
    var untilComplete = false

    @Option(help: ArgumentHelp("With --until-complete: give up after this long (default 10m); the report then says the rollout did not complete.", valueName: "duration"))
    var timeout = DurationArgument(seconds: 600)

    @Option(help: "Output format: text, json, markdown or html (one self-contained page).")
    var format: ReportOutputFormat = .text

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding at or above this severity exists: info, warning or critical.")
    var failOn: Severity = .warning

    @Option(help: ArgumentHelp("Also record the live session to this file (see rollwatch record).", valueName: "file"))
    var record: String?

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var rules: RuleOptions
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var accessLogs: AccessLogOptions

    func run() throws {
        if let subject, Target(parsing: subject) == nil {
            guard fileExists(subject) else {
                throw Failure.usage("'\(subject)' is neither a recording file nor a target (deploy/NAME, sts/NAME, ds/NAME or svc/NAME)")
            }
            return try reportRecording(subject)
        }
        let target = subject.flatMap(Target.init(parsing:))
        // Checked here, not in validate(), so an unknown flag is reported before a missing --for.
        guard duration != nil || untilComplete else {
            throw Failure.usage("say how long to watch with --for DURATION (e.g. --for 30s) or --until-complete")
        }
        if untilComplete, target == nil || target?.kind == .service {
            throw Failure.usage("--until-complete needs a workload target: deploy/NAME, sts/NAME or ds/NAME")
        }
        let kubectl = cluster.makeKubectl()
        let plan = try cluster.plan(target: target, kubectl: kubectl)
        let logs = try accessLogs.settings(kubectl: kubectl, namespace: plan.namespace, keepsRawLines: recording.recordRaw)
        let loop = RunLoop()
        let recorder = try record.map { try recording.open($0, plan: plan, cluster: cluster, kubectl: kubectl) }
        let session = LiveSession(plan: plan, kubectl: kubectl, transport: cluster.transportMode, state: rules.initialState(), loop: loop, recorder: recorder,
                                  accessLogs: logs)
        var completion: WorkloadKey?
        if untilComplete, let target, let namespace = plan.namespace {
            completion = WorkloadKey(resource: target.kind.resource, namespace: namespace, name: target.name)
        }
        let window = completion == nil ? duration : timeout
        let signal = HeadlessRun(session: session, loop: loop).run(seconds: window?.seconds,
                                                                   until: completion.map { workload in { $0.store.isRolloutComplete(workload) } })
        loop.sayIfItFailed()
        session.sayIfTheProxyGaveWay()
        if let failure = session.failureToList(within: window?.text ?? "the run", interruptedBy: signal) {
            throw Failure.cluster(failure)
        }
        if let recorder, let failure = recorder.failure { printError("rollwatch: warning: writing \(recorder.path): \(failure)") }
        if let completion, let target, !session.state.store.isRolloutComplete(completion) {
            printError("rollwatch: the rollout of \(target) did not complete within \(timeout.text)")
        }
        let source = ReportSource(kind: .live, context: cluster.context, namespace: plan.namespace, target: plan.target?.description)
        try emit(Report(version: Rollwatch.version, source: source, store: session.state.store,
                        findings: session.state.findings, now: session.state.clock ?? .now(), traffic: session.state.traffic,
                        logFollowing: session.logFollowing))
    }

    private func reportRecording(_ path: String) throws {
        if duration != nil || untilComplete || record != nil {
            throw Failure.usage("--for, --until-complete and --record watch a cluster; \(path) is read as a recording")
        }
        if accessLogs.enabled || !accessLogs.callers.isEmpty {
            throw Failure.usage("--access-logs follows a cluster's proxies; \(path) is read as a recording (its log lines are in it)")
        }
        // Straight from the reader into the state: a report needs neither the inputs kept nor keyframes.
        let kept = LeftToExit(rules.initialState(copied: false))
        var last: Timestamp?
        let header = try RecordingSource(name: path, origin: .file).readSayingWarnings { input in
            kept.value.ingest(input)
            last = input.time
        }
        if let last { kept.value.advance(to: last) }
        let state = kept.value
        let source = ReportSource(kind: .recording, context: header.context, namespace: header.namespace, target: header.target,
                                  file: path)
        try emit(Report(version: Rollwatch.version, source: source, store: state.store, findings: state.findings,
                        now: state.clock ?? header.created, traffic: state.traffic))
    }

    private func emit(_ report: Report) throws {
        var output = StandardOutput()
        if let text = format.renderer {
            ReportRenderer(format: text).render(report, to: &output)
        } else {
            ReportPage(report: report).render(to: &output)
        }
        output.flush()
        if report.findings.contains(where: { $0.severity >= failOn }) {
            throw Failure(message: "findings at or above \(failOn.rawValue)", exitCode: Failure.findingsExit, quiet: true)
        }
    }
}

/// The report formats of the command: the renderer's, and the HTML page of ReportPage.
enum ReportOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, html

    /// The renderer's format; nil for the page.
    var renderer: ReportFormat? { ReportFormat(rawValue: rawValue) }
}

/// `--fail-on` takes a severity by its report name.
extension Severity: ExpressibleByArgument {}

private func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}
