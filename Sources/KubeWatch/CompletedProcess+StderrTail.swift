import Runtime

extension CompletedProcess {
    /// kubectl's last stderr lines, whose last line is what a failure says.
    public var stderrTail: StderrTail {
        var tail = StderrTail()
        tail.append(stderr)
        return tail
    }
}
