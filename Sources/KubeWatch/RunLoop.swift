#if canImport(Glibc)
import Glibc
#endif
import CPosix

/// Something the run loop waits on: descriptors to read and an optional deadline.
public protocol PollSource: AnyObject {
    var pollDescriptors: [Int32] { get }
    /// A fixed instant, the same on every read until it is handled. One computed
    /// relative to "now" on each read moves ahead of the loop's clock and never falls due.
    var nextDeadline: MonotonicInstant? { get }
    func handleReadable(_ fd: Int32, now: MonotonicInstant)
    func handleDeadline(now: MonotonicInstant)
}

/// One thread, one poll(2): waits on every source's descriptors and the earliest
/// deadline, and sleeps when nothing happens, so an idle rollwatch uses no CPU.
public final class RunLoop {
    public private(set) var sources: [PollSource] = []
    private var stopRequested = false

    public init() {}

    public func add(_ source: PollSource) {
        sources.append(source)
    }

    public func stop() {
        stopRequested = true
    }

    /// Runs until `stop()` or the deadline.
    public func run(until deadline: MonotonicInstant? = nil) {
        stopRequested = false
        while !stopRequested {
            let now = MonotonicInstant.now()
            if let deadline, now >= deadline { return }
            for source in sources {
                if let due = source.nextDeadline, due <= now { source.handleDeadline(now: now) }
            }
            if stopRequested { return }
            var descriptors: [pollfd] = []
            var owners: [PollSource] = []
            for source in sources {
                for fd in source.pollDescriptors where fd >= 0 {
                    descriptors.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
                    owners.append(source)
                }
            }
            var wake = deadline
            for source in sources {
                if let due = source.nextDeadline, wake == nil || due < wake! { wake = due }
            }
            let timeout = wake.map { max(0, Int32(min(($0.seconds - now.seconds) * 1000 + 1, 3_600_000))) } ?? -1
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready <= 0 { continue }
            let afterPoll = MonotonicInstant.now()
            for (index, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
                owners[index].handleReadable(descriptor.fd, now: afterPoll)
                if stopRequested { return }
            }
        }
    }
}

/// Signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT) delivered as readable bytes on a
/// pipe, so the run loop handles them like any input and no work happens inside
/// a signal handler.
public final class SignalSource: PollSource {
    private let readEnd: Int32
    private let onSignal: (Int32) -> Void

    public init(onSignal: @escaping (Int32) -> Void) {
        var ends: [Int32] = [-1, -1]
        _ = rw_pipe(&ends, 1)
        readEnd = ends[0]
        self.onSignal = onSignal
        rw_install_signal_pipe(ends[1])
    }

    public var pollDescriptors: [Int32] { [readEnd] }
    public var nextDeadline: MonotonicInstant? { nil }

    public func handleReadable(_ fd: Int32, now: MonotonicInstant) {
        var byte: UInt8 = 0
        while read(readEnd, &byte, 1) == 1 { onSignal(Int32(byte)) }
    }

    public func handleDeadline(now: MonotonicInstant) {}
}
