import ArgumentParser
import JSONLite
import KubeWatch
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
    var failOn: FailOn = .warning

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
        let session = LiveSession(plan: plan, kubectl: kubectl, store: Store(roles: RoleClassifier(extraSidecarNames: cluster.sidecars)))
        session.run(seconds: duration.seconds)
        if let failure = session.clusterFailure { throw Failure.cluster(failure) }
        let report = Report(version: Rollwatch.version,
                            source: ReportSource(kind: .live, context: cluster.context, namespace: plan.namespace,
                                                 target: plan.target?.description),
                            store: session.store)
        writeOut(ReportRenderer(format: format).render(report))
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case markdown
}

enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case info
    case warning
    case critical
}
