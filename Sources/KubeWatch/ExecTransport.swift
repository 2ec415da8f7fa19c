import KubeModel
import Runtime

/// One `kubectl get --raw PATH` per request: the fallback transport, chosen when
/// `kubectl proxy` cannot start (or with `--transport exec`). Each request costs a
/// kubectl process (~46 MB while it runs), which is why it is not the default.
public final class ExecTransport: StreamTransport {
    public let kubectl: Kubectl
    private let launcher: any ProcessLauncher

    /// - Parameter launcher: starts kubectl: the run loop's `ChildReaper`, or a test's script of kubectl.
    public init(kubectl: Kubectl, launcher: any ProcessLauncher) {
        self.kubectl = kubectl
        self.launcher = launcher
    }

    public var name: String { "exec" }
    public var isReady: Bool { true }
    public func notReadyReason(now: MonotonicInstant) -> String? { nil }

    public func open(_ path: String) throws(TransferError) -> any Transfer {
        do {
            return ExecTransfer(try launcher.launch(kubectl.executable, kubectl.rawArguments(path)))
        } catch {
            throw TransferError(Kubectl.explained(error).description)
        }
    }
}

/// A kubectl process whose stdout is the body; its stderr's last line is what a failure says.
final class ExecTransfer: Transfer {
    private let child: any RunningProcess
    private var stderr = StderrTail()
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var onOutcome: (() -> Void)?

    init(_ child: any RunningProcess) {
        self.child = child
        child.onExit = { [weak self] _ in
            guard let self, self.outcome != nil else { return }
            self.onOutcome?()
        }
    }

    var pollDescriptors: [Int32] { [child.stdout, child.stderr].filter { $0 >= 0 } }

    func read(_ fd: Int32, appendingTo body: inout [UInt8]) -> Bool {
        var received = false
        // Drain what is there now; the loop comes back for more.
        while true {
            switch readAvailable(fd, into: &chunk) {
            case .bytes(let count):
                if fd == child.stdout {
                    body.append(contentsOf: chunk[0..<count])
                    received = true
                } else {
                    stderr.append(chunk[0..<count])
                }
            case .wouldBlock:
                return received
            case .endOfFile:
                if fd == child.stdout { child.closeStdout() } else { child.closeStderr() }
                return received
            }
        }
    }

    /// Known once both pipes are at their end and kubectl has been reaped, in either order.
    var outcome: TransferOutcome? {
        guard child.stdout < 0, child.stderr < 0, let status = child.exitStatus else { return nil }
        if status.isSuccess { return .completed }
        let said = stderr.lastLine
        return .failed(said.isEmpty ? "kubectl \(status)" : said)
    }

    func cancel() {
        onOutcome = nil
        child.terminate()
        child.closeOutputs()
    }
}
