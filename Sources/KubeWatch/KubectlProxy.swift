#if canImport(Glibc)
import Glibc
#endif
import Runtime

/// The one kubectl of a session: `kubectl proxy --unix-socket PATH` for the
/// session's context, in a directory only this user can enter (0700), so every
/// stream (lists, watches, logs) goes through one ~46 MB process instead of one
/// each, while kubeconfig, contexts, exec auth plugins and proxies all keep
/// working as they do for kubectl. Nothing but rollwatch (and its user) can reach
/// the socket.
///
/// It is kept serving: when it dies (or is killed) it is started again after a
/// capped, jittered backoff, and streams waiting on it resume once it says
/// "Starting to serve on …" again.
public final class KubectlProxy: PollSource {
    public let kubectl: Kubectl
    public let socketPath: String
    /// True from kubectl's "Starting to serve on" until it ends.
    public private(set) var isServing = false
    /// What kubectl said when it last failed (its last stderr line), until it serves again.
    public private(set) var lastFailure: String?
    /// How many times it was started (the first start counts).
    public private(set) var starts = 0
    /// Called each time it starts serving (again).
    public var onServing: (() -> Void)?
    /// Called each time it ends or cannot start, with kubectl's words.
    public var onFailure: ((String) -> Void)?
    /// Whether it has ever served in this session.
    public private(set) var hasServed = false
    /// The running kubectl's pid, if one runs.
    public var pid: Int32? { (child as? ChildProcess)?.pid }
    /// The directory that holds the socket.
    public var directoryPath: String { directory.path }

    private let directory: PrivateDirectory
    private let launcher: any ProcessLauncher
    private var child: (any RunningProcess)?
    private var stdoutTail: [UInt8] = []
    private var stderr = StderrTail()
    private var startedAt = MonotonicInstant(seconds: 0)
    private var restartAt: MonotonicInstant?
    private var backoff = Backoff()
    private var stopped = false
    private var chunk = [UInt8](repeating: 0, count: 4096)

    /// A proxy that served this long ended for a reason of its own, not at start: retry at once.
    private let healthySeconds = 10.0

    /// - Parameter launcher: the run loop's children (`loop.children`), which reap it.
    public init(kubectl: Kubectl, launcher: any ProcessLauncher) throws(SocketError) {
        self.kubectl = kubectl
        self.launcher = launcher
        directory = try PrivateDirectory()
        socketPath = directory.path + "/proxy.sock"
    }

    deinit {
        stop()
    }

    /// The argv that starts it: the user's kubectl flags, then the proxy on our socket.
    public var arguments: [String] {
        kubectl.arguments(["proxy", "--unix-socket", socketPath])
    }

    public func start(now: MonotonicInstant = .now()) {
        guard !stopped, child == nil else { return }
        restartAt = nil
        // A socket left by a proxy that was killed would refuse connections: start clean.
        unlink(socketPath)
        do {
            let started = try launcher.launch(kubectl.executable, arguments)
            started.onExit = { [weak self] _ in self?.endIfDone(now: .now()) }
            child = started
            starts += 1
            startedAt = now
            stdoutTail = []
            stderr.clear()
        } catch {
            fail(Kubectl.explained(error).description, now: now)
        }
    }

    /// Ends kubectl for good and removes the socket's directory.
    public func stop() {
        stopped = true
        restartAt = nil
        isServing = false
        child?.terminate()
        child?.closeOutputs()
        child = nil
        directory.remove()
    }

    // MARK: PollSource

    public var pollDescriptors: [Int32] {
        guard let child else { return [] }
        return [child.stdout, child.stderr].filter { $0 >= 0 }
    }

    public var nextDeadline: MonotonicInstant? { restartAt }

    public func handleDeadline(now: MonotonicInstant) {
        if let restartAt, restartAt <= now { start(now: now) }
    }

    public func handleReadable(_ fd: Int32, now: MonotonicInstant) {
        guard let child else { return }
        switch readAvailable(fd, into: &chunk) {
        case .bytes(let count):
            if fd == child.stderr {
                stderr.append(chunk[0..<count])
            } else {
                stdoutTail += chunk[0..<count]
                if !isServing, String(decoding: stdoutTail, as: UTF8.self).contains("Starting to serve on") {
                    isServing = true
                    hasServed = true
                    lastFailure = nil
                    onServing?()
                }
                if stdoutTail.count > 4096 { stdoutTail.removeFirst(stdoutTail.count - 4096) }
            }
        case .wouldBlock:
            break
        case .endOfFile:
            if fd == child.stdout { child.closeStdout() } else { child.closeStderr() }
        }
        endIfDone(now: now)
    }

    // MARK: Life

    /// Its end is known once its pipes are at their end and it has been reaped, in either order.
    private func endIfDone(now: MonotonicInstant) {
        guard let child, child.stdout < 0, child.stderr < 0, let status = child.exitStatus else { return }
        self.child = nil
        isServing = false
        let said = stderr.lastLine
        if now.seconds - startedAt.seconds >= healthySeconds { backoff.reset() }
        fail(said.isEmpty ? "kubectl proxy ended (\(status))" : said, now: now)
    }

    private func fail(_ reason: String, now: MonotonicInstant) {
        lastFailure = reason
        guard !stopped else { return }
        restartAt = now.adding(backoff.nextDelay())
        onFailure?(reason)
    }
}

/// A directory only this user can enter (mode 0700), removed with what is in it
/// when the session ends. Under $TMPDIR when its path leaves room for a socket
/// name (sockaddr_un holds 107 bytes), else under /tmp.
final class PrivateDirectory {
    let path: String
    private var removed = false

    init() throws(SocketError) {
        let base = Self.base()
        var template = Array("\(base)/rollwatch-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SocketError(operation: "mkdtemp \(base)", errno: errno)
        }
        path = String(cString: made)
        // mkdtemp makes it 0700 already; say so explicitly whatever the umask.
        chmod(path, 0o700)
    }

    private static func base() -> String {
        if let tmp = getenv("TMPDIR").map({ String(cString: $0) }), !tmp.isEmpty,
           tmp.utf8.count + "/rollwatch-XXXXXX/proxy.sock".utf8.count <= UnixSocket.maximumPathLength {
            return tmp.hasSuffix("/") ? String(tmp.dropLast()) : tmp
        }
        return "/tmp"
    }

    /// Removes the socket and the directory (only what rollwatch put there).
    func remove() {
        guard !removed else { return }
        removed = true
        unlink(path + "/proxy.sock")
        rmdir(path)
    }

    deinit {
        remove()
    }
}
