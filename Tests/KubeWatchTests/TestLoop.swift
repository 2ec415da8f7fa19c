#if canImport(Glibc)
import Glibc
#endif
import KubeModel
import KubeWatch
import Runtime

/// A clock the test moves, and the run loop's part in handing a poll source its
/// deadlines and ready descriptors: a stream's whole state machine in milliseconds,
/// with no real waits. Shared by the harnesses of WatchStream and LogStream.
final class TestLoop {
    private(set) var now = MonotonicInstant(seconds: 1_000)
    private(set) var wall = Timestamp(seconds: 1_780_000_000)

    /// The clock to give a stream: it reads this loop's time.
    var clock: StreamClock { StreamClock(wall: { self.wall }, monotonic: { self.now }) }

    /// Moves both clocks on by `seconds`.
    func advance(_ seconds: Double) {
        now = now.adding(seconds)
        wall = wall.adding(seconds: seconds)
    }

    /// Moves the clock to the source's next deadline and hands it over, as the loop would.
    func fireDeadline(_ source: PollSource) {
        guard let due = source.nextDeadline else { return }
        if due > now { advance(due.seconds - now.seconds) }
        source.handleDeadline(now: now)
    }

    /// Hands the source every descriptor that is ready now, until none is, as the loop would.
    func deliver(_ source: PollSource) {
        for _ in 0..<1000 {
            var descriptors = source.pollDescriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard !descriptors.isEmpty, poll(&descriptors, nfds_t(descriptors.count), 0) > 0 else { return }
            for descriptor in descriptors where descriptor.revents != 0 {
                source.handleReadable(descriptor.fd, now: now)
            }
        }
    }

    /// The seconds from now to the source's next deadline.
    func secondsToNextDeadline(_ source: PollSource) -> Double? {
        source.nextDeadline.map { $0.seconds - now.seconds }
    }
}
