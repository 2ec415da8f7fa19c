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

    @Option(name: .customLong("keep-deleted-pods"), help: ArgumentHelp("Deleted pods kept and listed, the most recent; older ones are only counted (default: as many as the most pods live at once, at least \(StoreLimits.leastKeptGonePods)).", valueName: "n"))
    var keepDeletedPods: Int?

    func validate() throws {
        if let keepDeletedPods, keepDeletedPods < 0 { throw ValidationError("--keep-deleted-pods must be 0 or more, not \(keepDeletedPods)") }
    }

    /// An empty rollout state with these settings. `copied`: whether copies of its store
    /// will be kept (replay keyframes), see `Store.sharesUnchangedParts`.
    func initialState(copied: Bool = true) -> RolloutState {
        let detailed = min(StoreLimits().detailedGonePods, keepDeletedPods ?? .max)
        return RolloutState(store: Store(roles: RoleClassifier(extraSidecarNames: sidecars),
                                         limits: StoreLimits(detailedGonePods: detailed, keptGonePods: keepDeletedPods),
                                         sharesUnchangedParts: copied),
                            rules: RuleEngine(settings: RuleSettings(lagTolerance: lagTolerance.seconds, drainWindow: drainWindow.seconds)))
    }
}
