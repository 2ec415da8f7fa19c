import KubeWatch
import Runtime
import SystemPackage

/// A kubectl run a test scripts: real non-blocking pipes whose write ends the
/// test holds, and an end the test announces (as the reaper would) when it says.
final class ScriptedRun: RunningProcess {
    let arguments: [String]
    private(set) var stdout: Int32
    private(set) var stderr: Int32
    private(set) var exitStatus: Runtime.ExitStatus?
    var onExit: ((Runtime.ExitStatus) -> Void)?
    /// Whether the stream asked it to end.
    private(set) var terminated = false
    private var stdoutWriter: FileDescriptor?
    private var stderrWriter: FileDescriptor?

    init(arguments: [String]) throws {
        self.arguments = arguments
        let out = try FileDescriptor.pipe(options: [.closeOnExec, .nonBlocking])
        let err = try FileDescriptor.pipe(options: [.closeOnExec, .nonBlocking])
        stdout = out.readEnd.rawValue
        stderr = err.readEnd.rawValue
        stdoutWriter = out.writeEnd
        stderrWriter = err.writeEnd
    }

    deinit {
        closeStdout()
        closeStderr()
        closeWriters()
    }

    /// What kubectl prints on stdout.
    func print(_ text: String) {
        _ = try? stdoutWriter?.writeAll(Array(text.utf8))
    }

    /// What kubectl prints on stderr.
    func printError(_ text: String) {
        _ = try? stderrWriter?.writeAll(Array(text.utf8))
    }

    /// kubectl's outputs reach their end (it exited, or closed them).
    func closeWriters() {
        try? stdoutWriter?.close()
        try? stderrWriter?.close()
        stdoutWriter = nil
        stderrWriter = nil
    }

    /// The reaper has reaped it with `status`.
    func exit(_ status: Runtime.ExitStatus) {
        exitStatus = status
        let onExit = self.onExit
        self.onExit = nil
        onExit?(status)
    }

    /// Everything at once, as a kubectl that printed and exited: end of output, then the reaped status.
    func finish(_ status: Runtime.ExitStatus) {
        closeWriters()
        exit(status)
    }

    func closeStdout() {
        if stdout >= 0 { close(stdout); stdout = -1 }
    }

    func closeStderr() {
        if stderr >= 0 { close(stderr); stderr = -1 }
    }

    func terminate() {
        terminated = true
    }

    private func close(_ fd: Int32) {
        try? FileDescriptor(rawValue: fd).close()
    }
}

/// Launches `ScriptedRun`s and keeps them, in order, for the test to script and inspect.
final class ScriptedKubectl: ProcessLauncher {
    private(set) var runs: [ScriptedRun] = []
    /// When set, the next launch fails with it (kubectl not installed, say).
    var refusal: SpawnError?

    func launch(_ executable: String, _ arguments: [String]) throws(SpawnError) -> any RunningProcess {
        if let refusal { throw refusal }
        let run: ScriptedRun
        do {
            run = try ScriptedRun(arguments: arguments)
        } catch {
            throw SpawnError(executable: executable, errno: (error as? Errno)?.rawValue ?? -1)
        }
        runs.append(run)
        return run
    }

    var last: ScriptedRun { runs[runs.count - 1] }
}
