/// A value the process keeps until it exits, never freed: `report FILE` ends right after
/// printing, and freeing a 10,000-pod store record by record (every string, array and
/// dictionary of it) was 3–5 % of the command's CPU time for memory the exit returns anyway.
public final class LeftToExit<Value> {
    public var value: Value

    public init(_ value: Value) {
        self.value = value
        // Held by a global, so the value's deinit never runs; a reference the optimizer can
        // see the end of (an unbalanced retain included) lets it free the value at scope end.
        leftToExit.append(self)
    }
}

/// Everything `LeftToExit` keeps: written on the main thread only, by the report command.
nonisolated(unsafe) private var leftToExit: [AnyObject] = []
