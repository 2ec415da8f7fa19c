#if canImport(Glibc)
import Glibc
#endif
import CPosix
import SystemPackage

/// A child started with posix_spawn (argv, never a shell) in its own process
/// group, with stdin from /dev/null and non-blocking pipes for stdout and stderr.
/// Its own group lets rollwatch end kubectl together with any auth plugin it runs.
///
/// rollwatch keeps its own posix_spawn child rather than swift-subprocess: that
/// one is async, and one poll loop needs the pipes as plain descriptors.
///
/// On the run loop a child belongs to the loop's `ChildReaper`, which reaps it
/// when SIGCHLD says so and ends it without blocking; off the loop (one-shot
/// calls, tests) `collectOutput` and `terminateAndWait` wait for it.
public final class ChildProcess: RunningProcess {
    public let pid: pid_t
    public private(set) var stdout: Int32
    public private(set) var stderr: Int32
    public private(set) var exitStatus: ExitStatus? {
        // Out of the crash path's table once reaped: its pid may be given to another process.
        didSet { if oldValue == nil, exitStatus != nil { rw_note_child_ended(pid) } }
    }
    /// When `terminate()` first sent SIGTERM: the reaper's SIGKILL deadline counts from here.
    public private(set) var terminationRequestedAt: MonotonicInstant?
    /// Whether SIGKILL has been sent to the group.
    public private(set) var wasKilled = false
    public var onExit: ((ExitStatus) -> Void)?

    public static func spawn(_ executable: String, _ arguments: [String]) throws(SpawnError) -> ChildProcess {
        let outPipe: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        let errPipe: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        do {
            outPipe = try FileDescriptor.pipe(options: .closeOnExec)
        } catch {
            throw SpawnError(executable: executable, errno: error.rawValue)
        }
        do {
            errPipe = try FileDescriptor.pipe(options: .closeOnExec)
        } catch {
            try? outPipe.readEnd.close()
            try? outPipe.writeEnd.close()
            throw SpawnError(executable: executable, errno: error.rawValue)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe.writeEnd.rawValue, 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe.writeEnd.rawValue, 2)

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
        try? outPipe.writeEnd.close()
        try? errPipe.writeEnd.close()
        guard result == 0 else {
            try? outPipe.readEnd.close()
            try? errPipe.readEnd.close()
            throw SpawnError(executable: executable, errno: result)
        }
        for fd in [outPipe.readEnd.rawValue, errPipe.readEnd.rawValue] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        // A crash runs none of the code that ends children: the crash path ends them.
        rw_install_crash_child_cleanup()
        rw_note_child_started(pid)
        return ChildProcess(pid: pid, stdout: outPipe.readEnd.rawValue, stderr: errPipe.readEnd.rawValue)
    }

    private init(pid: pid_t, stdout: Int32, stderr: Int32) {
        self.pid = pid
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Never waits: a child still running here (its owner let it go without a
    /// reaper) is asked to end, and reaped now if it already has.
    deinit {
        if reapIfExited() == nil { terminate() }
        closeOutputs()
    }

    /// Asks the child's whole process group to end (SIGTERM) and returns at once.
    /// Whoever reaps it sends SIGKILL if it is still there after a grace period:
    /// the loop's `ChildReaper`, or `terminateAndWait`. Safe to call more than once.
    public func terminate() {
        guard exitStatus == nil, terminationRequestedAt == nil else { return }
        terminationRequestedAt = .now()
        Glibc.kill(-pid, SIGTERM)
    }

    /// SIGKILL to the child's whole process group: for a child that ignored SIGTERM.
    public func kill() {
        guard exitStatus == nil else { return }
        wasKilled = true
        Glibc.kill(-pid, SIGKILL)
    }

    /// SIGTERM to the group, SIGKILL if the child has not gone within `grace`
    /// seconds, and reaped. Blocks: only off the run loop (a one-shot call that
    /// timed out, a test's helper process), never while the loop serves.
    @discardableResult
    public func terminateAndWait(grace: Double = 1.0) -> ExitStatus {
        terminate()
        let deadline = MonotonicInstant.now().adding(grace)
        while reapIfExited() == nil {
            if MonotonicInstant.now() > deadline {
                kill()
                return waitForExit()
            }
            var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
            nanosleep(&pause, nil)
        }
        return exitStatus!
    }

    /// Sends `signal` to the child alone (not its group), as a terminal or SSH daemon would.
    public func send(_ signal: Int32) {
        guard exitStatus == nil else { return }
        Glibc.kill(pid, signal)
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

    /// Blocks until the child ends; off the loop only (see `terminateAndWait`).
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
}

extension ChildProcess {
    /// Reads stdout and stderr to their end and reaps the child; nil (and the child
    /// ended) when that takes longer than `timeout` seconds. Blocks: for one-shot
    /// calls before the loop starts, and tests.
    public func collectOutput(timeout: Double) -> CompletedProcess? {
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let deadline = MonotonicInstant.now().adding(timeout)
        while stdout >= 0 || stderr >= 0 {
            var descriptors = [stdout, stderr].filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let remaining = deadline.seconds - MonotonicInstant.now().seconds
            if remaining <= 0 {
                terminateAndWait()
                closeOutputs()
                return nil
            }
            // EINTR (a SIGCHLD, say) comes back round with the time that is left.
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
