extension ChildReaper: ProcessLauncher {
    /// Starts a child and owns it from the first instant, so its end is never missed.
    public func launch(_ executable: String, _ arguments: [String]) throws(SpawnError) -> any RunningProcess {
        let child = try ChildProcess.spawn(executable, arguments)
        adopt(child)
        return child
    }
}
