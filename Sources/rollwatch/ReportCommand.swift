import ArgumentParser
import JSONLite
import KubeWatch
import KubeModel
import RolloutCore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Watch for a while without a terminal UI, then print what happened.",
        discussion: "Example: rollwatch report deploy/checkout --for 2m --format json"
    )

    @Argument(help: "What to watch: deploy/NAME, sts/NAME, ds/NAME or svc/NAME (default: the whole namespace).")
    var target: String?

    @Option(name: .customLong("for"), help: ArgumentHelp("How long to watch: 30s, 5m, 1h30m.", valueName: "duration"))
    var duration: Duration?

    @Option(help: "Output format: text, json or markdown.")
    var format: ReportFormat = .text

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding at or above this severity exists: info, warning or critical.")
    var failOn: Severity = .warning

    @Option(name: .customLong("lag-tolerance"), help: ArgumentHelp("How long a pod may be a ready endpoint with an unready app before it counts (default 1s).", valueName: "duration"))
    var lagTolerance = Duration(seconds: 1)

    @Option(name: .customLong("drain-window"), help: ArgumentHelp("Least time from deletion to app exit for load balancers to stop sending (default 5s).", valueName: "duration"))
    var drainWindow = Duration(seconds: 5)

    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        if let target, Target(parsing: target) == nil {
            throw ValidationError("'\(target)' is not a target: use deploy/NAME, sts/NAME, ds/NAME or svc/NAME")
        }
    }

    func run() throws {
        // Checked here, not in validate(), so an unknown flag is reported before a missing --for.
        guard let duration else { throw Failure.usage("say how long to watch with --for DURATION (e.g. --for 30s)") }
        let kubectl = cluster.makeKubectl()
        let plan: WatchPlan
        do {
            plan = try WatchPlanner(kubectl: kubectl).plan(cluster.scope(target: target.flatMap(Target.init(parsing:))))
        } catch {
            switch error {
            case .cluster(let message): throw Failure.cluster(message)
            case .input(let message): throw Failure.usage(message)
            }
        }
        let settings = RuleSettings(lagTolerance: lagTolerance.seconds, drainWindow: drainWindow.seconds)
        let session = LiveSession(plan: plan, kubectl: kubectl, store: Store(roles: RoleClassifier(extraSidecarNames: cluster.sidecars)),
                                  rules: RuleEngine(settings: settings))
        session.run(seconds: duration.seconds)
        if let failure = session.clusterFailure { throw Failure.cluster(failure) }
        let report = Report(version: Rollwatch.version,
                            source: ReportSource(kind: .live, context: cluster.context, namespace: plan.namespace,
                                                 target: plan.target?.description),
                            store: session.store, findings: session.rules.findings, now: Timestamp.now())
        writeOut(ReportRenderer(format: format).render(report))
        if report.findings.contains(where: { $0.severity >= failOn }) {
            throw Failure(message: "findings at or above \(failOn.rawValue)", exitCode: Failure.findingsExit, quiet: true)
        }
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case markdown
}

/// `--fail-on` takes a severity by its report name.
extension Severity: ExpressibleByArgument {}
