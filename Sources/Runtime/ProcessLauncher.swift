/// Starts programs for an owner on the run loop: the loop's `ChildReaper` in
/// rollwatch, a script of a program's output in tests.
public protocol ProcessLauncher {
    func launch(_ executable: String, _ arguments: [String]) throws(SpawnError) -> any RunningProcess
}
