/// A started program as its owner on the run loop sees it: two output pipes, a
/// way to ask it to end, and word of its end. `ChildProcess` is the real one;
/// tests put a scripted one here.
public protocol RunningProcess: AnyObject {
    var stdout: Int32 { get }
    var stderr: Int32 { get }
    /// How it ended, once reaped; nil while it runs.
    var exitStatus: ExitStatus? { get }
    /// Called once, on the loop, when it has ended and been reaped.
    var onExit: ((ExitStatus) -> Void)? { get set }
    func closeStdout()
    func closeStderr()
    /// Asks it to end and returns at once; whoever reaps it makes sure it does.
    func terminate()
}

extension RunningProcess {
    public func closeOutputs() {
        closeStdout()
        closeStderr()
    }
}
