#if canImport(Glibc)
import Glibc
#endif
import CPosix

/// Why a program could not be started.
public struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    public var executable: String
    public var errno: Int32

    public var isNotFound: Bool { errno == ENOENT || errno == EACCES || errno == ENOTDIR }

    public var description: String {
        isNotFound ? "\(executable): not found (install kubectl, or pass --kubectl PATH)"
            : "\(executable): cannot start: \(String(cString: strerror(errno)))"
    }
}

/// How a child ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    public var isSuccess: Bool { self == .exited(0) }

    public var description: String {
        switch self {
        case .exited(let code): return "exit \(code)"
        case .signalled(let signal): return "killed by signal \(signal)"
        }
    }
}

/// A child started with posix_spawn (argv, never a shell) in its own process
/// group, with stdin from /dev/null and non-blocking pipes for stdout and stderr.
/// Its own group lets rollwatch end kubectl together with any auth plugin it runs.
public final class ChildProcess {
    public let pid: pid_t
    public private(set) var stdout: Int32
    public private(set) var stderr: Int32
    public private(set) var exitStatus: ExitStatus?

    public static func spawn(_ executable: String, _ arguments: [String]) throws(SpawnError) -> ChildProcess {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard rw_pipe(&outPipe, 0) == 0 else { throw SpawnError(executable: executable, errno: errno) }
        guard rw_pipe(&errPipe, 0) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw SpawnError(executable: executable, errno: errno)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group; default signal handling and an empty mask in the child,
        // whatever rollwatch has set for itself.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var cArguments = argv + [nil]
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, executable, &actions, &attributes, &cArguments, rw_environ())
        close(outPipe[1])
        close(errPipe[1])
        guard result == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw SpawnError(executable: executable, errno: result)
        }
        for fd in [outPipe[0], errPipe[0]] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return ChildProcess(pid: pid, stdout: outPipe[0], stderr: errPipe[0])
    }

    private init(pid: pid_t, stdout: Int32, stderr: Int32) {
        self.pid = pid
        self.stdout = stdout
        self.stderr = stderr
    }

    deinit {
        terminate()
        closeOutputs()
        _ = waitForExit()
    }

    /// SIGTERM to the child's whole process group, then SIGKILL if it has not gone
    /// within `grace` seconds; reaps it. Safe to call more than once.
    public func terminate(grace: Double = 1.0) {
        guard exitStatus == nil else { return }
        kill(-pid, SIGTERM)
        let deadline = MonotonicInstant.now().adding(grace)
        while exitStatus == nil {
            if reapIfExited() != nil { return }
            if MonotonicInstant.now() > deadline {
                kill(-pid, SIGKILL)
                _ = waitForExit()
                return
            }
            var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
            nanosleep(&pause, nil)
        }
    }

    /// Sends `signal` to the child alone (not its group), as a terminal or SSH daemon would.
    public func send(_ signal: Int32) {
        guard exitStatus == nil else { return }
        kill(pid, signal)
    }

    /// The exit status if the child has ended, without blocking.
    public func reapIfExited() -> ExitStatus? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid { exitStatus = ExitStatus(waitStatus: status) }
        if result < 0, errno == ECHILD { exitStatus = .exited(-1) }
        return exitStatus
    }

    /// Blocks until the child ends; call once its pipes are at end of file.
    public func waitForExit() -> ExitStatus {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, 0) } while result < 0 && errno == EINTR
        let ended = result == pid ? ExitStatus(waitStatus: status) : .exited(-1)
        exitStatus = ended
        return ended
    }

    public func closeStdout() {
        if stdout >= 0 { close(stdout); stdout = -1 }
    }

    public func closeStderr() {
        if stderr >= 0 { close(stderr); stderr = -1 }
    }

    public func closeOutputs() {
        closeStdout()
        closeStderr()
    }
}

/// Everything a finished child wrote, and how it ended.
public struct CompletedProcess: Sendable {
    public var status: ExitStatus
    public var stdout: [UInt8]
    public var stderr: [UInt8]

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    public var stderrTail: StderrTail {
        var tail = StderrTail()
        tail.append(stderr)
        return tail
    }
}

extension ChildProcess {
    /// Reads stdout and stderr to their end and reaps the child; nil (and the child
    /// ended) when that takes longer than `timeout` seconds.
    public func collectOutput(timeout: Double) -> CompletedProcess? {
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let deadline = MonotonicInstant.now().adding(timeout)
        while stdout >= 0 || stderr >= 0 {
            var descriptors = [stdout, stderr].filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let remaining = deadline.seconds - MonotonicInstant.now().seconds
            if remaining <= 0 {
                terminate()
                closeOutputs()
                return nil
            }
            guard poll(&descriptors, nfds_t(descriptors.count), Int32(remaining * 1000) + 1) > 0 else { continue }
            for descriptor in descriptors where descriptor.revents != 0 {
                switch readAvailable(descriptor.fd, into: &chunk) {
                case .bytes(let count):
                    if descriptor.fd == stdout { output.append(contentsOf: chunk[0..<count]) } else { errors.append(contentsOf: chunk[0..<count]) }
                case .wouldBlock:
                    break
                case .endOfFile:
                    if descriptor.fd == stdout { closeStdout() } else { closeStderr() }
                }
            }
        }
        return CompletedProcess(status: waitForExit(), stdout: output, stderr: errors)
    }
}

extension ExitStatus {
    init(waitStatus status: Int32) {
        let signal = status & 0x7F
        self = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }
}

/// Result of reading from a non-blocking descriptor.
public enum ReadResult: Equatable {
    case bytes(Int)
    case wouldBlock
    case endOfFile
}

/// Reads what is available from a non-blocking descriptor into `buffer`.
public func readAvailable(_ fd: Int32, into buffer: inout [UInt8]) -> ReadResult {
    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if count > 0 { return .bytes(count) }
    if count == 0 { return .endOfFile }
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .wouldBlock : .endOfFile
}
