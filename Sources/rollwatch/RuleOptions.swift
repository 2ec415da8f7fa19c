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

    /// An empty rollout state with these settings.
    func initialState() -> RolloutState {
        RolloutState(store: Store(roles: RoleClassifier(extraSidecarNames: sidecars)),
                     rules: RuleEngine(settings: RuleSettings(lagTolerance: lagTolerance.seconds, drainWindow: drainWindow.seconds)))
    }
}
