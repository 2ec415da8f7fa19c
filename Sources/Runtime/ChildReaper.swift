#if canImport(Glibc)
import Glibc
#endif
import CPosix
import SystemPackage

/// The run loop's children, from start to reaped, without ever blocking the loop.
///
/// A child it owns is reaped when SIGCHLD (a byte on a pipe, like every signal
/// the loop handles) says something ended: `waitpid(WNOHANG)` on each owned
/// child, never on any other process, so one-shot calls and tests that wait
/// for their own children are undisturbed. A child asked to end (`terminate()`,
/// SIGTERM to its group) and still there `grace` seconds later gets SIGKILL, on
/// a deadline of the loop rather than a sleep. Its owner hears of the end
/// through the child's `onExit`.
public final class ChildReaper: PollSource {
    /// How long a child asked to end has before SIGKILL goes to its group.
    public let grace: Double
    private var owned: [ChildProcess] = []

    public init(grace: Double = 1.0) {
        self.grace = grace
    }

    /// Keeps `child` until it has ended and been reaped, then calls its `onExit`.
    public func adopt(_ child: ChildProcess) {
        _ = ChildSignalPipe.readEnd
        owned.append(child)
    }

    /// How many children are not reaped yet.
    public var count: Int { owned.count }

    // MARK: PollSource

    public var pollDescriptors: [Int32] { owned.isEmpty ? [] : [ChildSignalPipe.readEnd] }

    public var nextDeadline: MonotonicInstant? {
        owned.compactMap(killDeadline).min()
    }

    public func handleReadable(_ fd: Int32, now: MonotonicInstant) {
        _ = drainSignalBytes(FileDescriptor(rawValue: fd))
        reapEnded()
    }

    public func handleDeadline(now: MonotonicInstant) {
        reapEnded()
        for child in owned where killDeadline(child).map({ $0 <= now }) == true { child.kill() }
    }

    // MARK: The end of a session

    /// Asks every child still owned to end and waits until each is reaped, with
    /// SIGKILL after the grace: at most `grace` plus a second. Blocks, so only
    /// once the loop has stopped (nothing else is waiting then), so that no
    /// kubectl outlives rollwatch.
    public func endAll() {
        owned.forEach { $0.terminate() }
        let giveUp = MonotonicInstant.now().adding(grace + 1)
        while !owned.isEmpty {
            let now = MonotonicInstant.now()
            handleDeadline(now: now)
            if owned.isEmpty || now > giveUp { return }
            var pause = timespec(tv_sec: 0, tv_nsec: 5_000_000)
            nanosleep(&pause, nil)
        }
    }

    // MARK: Reaping

    /// The instant a child asked to end gets SIGKILL, unless it has had it already.
    private func killDeadline(_ child: ChildProcess) -> MonotonicInstant? {
        guard !child.wasKilled, let asked = child.terminationRequestedAt else { return nil }
        return asked.adding(grace)
    }

    private func reapEnded() {
        var ended: [(child: ChildProcess, status: ExitStatus)] = []
        owned.removeAll { child in
            guard let status = child.reapIfExited() else { return false }
            ended.append((child, status))
            return true
        }
        for (child, status) in ended {
            let onExit = child.onExit
            child.onExit = nil
            onExit?(status)
        }
    }
}
