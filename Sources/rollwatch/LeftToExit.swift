/// A value the process keeps until it exits, never freed: `report FILE` ends right after
/// printing, and freeing a 10,000-pod store record by record (every string, array and
/// dictionary of it) was 3–5 % of the command's CPU time for memory the exit returns anyway.
final class LeftToExit<Value> {
    var value: Value

    init(_ value: Value) {
        self.value = value
        // One reference more than any holder drops, so the value's deinit never runs.
        _ = Unmanaged.passRetained(self)
    }
}
