import ArgumentParser
import RolloutCore

/// The rule thresholds a user may tune; the same for live, replay and reports.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("lag-tolerance"), help: ArgumentHelp("How long a pod may be a ready endpoint with an unready app before it counts (default 1s).", valueName: "duration"))
    var lagTolerance = DurationArgument(seconds: 1)

    @Option(name: .customLong("drain-window"), help: ArgumentHelp("Least time from deletion to app exit for load balancers to stop sending (default 5s).", valueName: "duration"))
    var drainWindow = DurationArgument(seconds: 5)

    @Option(name: .customLong("sidecar"), help: ArgumentHelp("Treat containers with this name as sidecars (repeatable).", valueName: "name"))
    var sidecars: [String] = []

    @Option(name: .customLong("keep-deleted-pods"), help: ArgumentHelp("Deleted pods kept and listed, the most recent; older ones are only counted.", valueName: "n"))
    var keepDeletedPods = StoreLimits().keptGonePods

    func validate() throws {
        guard keepDeletedPods >= 0 else { throw ValidationError("--keep-deleted-pods must be 0 or more, not \(keepDeletedPods)") }
    }

    /// An empty rollout state with these settings.
    func initialState() -> RolloutState {
        let detailed = min(StoreLimits().detailedGonePods, keepDeletedPods)
        return RolloutState(store: Store(roles: RoleClassifier(extraSidecarNames: sidecars),
                                         limits: StoreLimits(detailedGonePods: detailed, keptGonePods: keepDeletedPods)),
                            rules: RuleEngine(settings: RuleSettings(lagTolerance: lagTolerance.seconds, drainWindow: drainWindow.seconds)))
    }
}
