#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// One thread, one poll(2): waits on every source's descriptors and the earliest
/// deadline, and sleeps when nothing happens, so an idle rollwatch uses no CPU.
public final class RunLoop {
    public private(set) var sources: [PollSource] = []
    /// The children started for this loop's sources: reaped through SIGCHLD and
    /// ended on deadlines of this loop, so ending one never blocks it.
    public let children = ChildReaper()
    /// Why the loop stopped by itself: poll(2) failed with something other than
    /// EINTR (ENOMEM, EINVAL). Retrying at once would only spin; the caller says it.
    public private(set) var failure: Errno?
    private var stopRequested = false
    /// Descriptors whose last poll reported only a hang-up, an error or POLLNVAL.
    private var erroredLastTurn: Set<Int32> = []
    /// Descriptors left out of poll while their source still lists them: they
    /// reported only an error condition on two turns running, which poll would
    /// report again at once, for ever (a hot spin that does nothing).
    private var parked: Set<Int32> = []

    public init() {
        add(children)
    }

    public func add(_ source: PollSource) {
        sources.append(source)
    }

    public func stop() {
        stopRequested = true
    }

    /// Runs until `stop()`, the deadline, or a failure of poll(2) itself (`failure`).
    public func run(until deadline: MonotonicInstant? = nil) {
        stopRequested = false
        failure = nil
        while !stopRequested {
            let now = MonotonicInstant.now()
            if let deadline, now >= deadline { return }
            for source in sources {
                if let due = source.nextDeadline, due <= now { source.handleDeadline(now: now) }
            }
            if stopRequested { return }
            var descriptors: [pollfd] = []
            var owners: [PollSource] = []
            var listed: Set<Int32> = []
            for source in sources {
                for fd in source.pollDescriptors where fd >= 0 {
                    listed.insert(fd)
                    if parked.contains(fd) { continue }
                    descriptors.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
                    owners.append(source)
                }
                for fd in source.writeDescriptors where fd >= 0 {
                    descriptors.append(pollfd(fd: fd, events: Int16(POLLOUT), revents: 0))
                    owners.append(source)
                }
            }
            // A descriptor no source lists any more may come back as a new one.
            parked.formIntersection(listed)
            var wake = deadline
            for source in sources {
                if let due = source.nextDeadline, wake == nil || due < wake! { wake = due }
            }
            let timeout = wake.map { max(0, Int32(min(($0.seconds - now.seconds) * 1000 + 1, 3_600_000))) } ?? -1
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                failure = Errno(rawValue: errno)
                return
            }
            if ready == 0 { continue }
            let afterPoll = MonotonicInstant.now()
            var erroredThisTurn: Set<Int32> = []
            for (index, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
                // Output is called on writable or on error alike: the source writes and
                // sees the error itself, then stops listing it.
                if descriptor.events == Int16(POLLOUT) {
                    owners[index].handleWritable(descriptor.fd, now: afterPoll)
                    if stopRequested { return }
                    continue
                }
                if descriptor.revents & Int16(POLLIN) == 0 {
                    erroredThisTurn.insert(descriptor.fd)
                    if erroredLastTurn.contains(descriptor.fd) { parked.insert(descriptor.fd) }
                }
                owners[index].handleReadable(descriptor.fd, now: afterPoll)
                if stopRequested { return }
            }
            erroredLastTurn = erroredThisTurn
        }
    }
}
