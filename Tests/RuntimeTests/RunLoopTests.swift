#if canImport(Glibc)
import Glibc
#endif
import Runtime
import SystemPackage
import Testing

/// The loop never spins: not on a descriptor that reports only trouble, not on
/// a poll(2) that fails.
@Suite struct RunLoopTests {
    enum Trouble: String, CaseIterable {
        /// Not an open descriptor at all: POLLNVAL.
        case notOpen
        /// A pipe's write end whose reader has gone: POLLERR.
        case readerGone
        /// A pipe's read end whose writer has gone: POLLHUP.
        case writerGone
    }

    /// A descriptor in `trouble` and what to close afterwards.
    private func descriptor(in trouble: Trouble) throws -> (fd: Int32, keep: FileDescriptor?) {
        switch trouble {
        case .notOpen:
            return (999_999, nil)
        case .readerGone:
            let ends = try FileDescriptor.pipe(options: .closeOnExec)
            try ends.readEnd.close()
            return (ends.writeEnd.rawValue, ends.writeEnd)
        case .writerGone:
            let ends = try FileDescriptor.pipe(options: .closeOnExec)
            try ends.writeEnd.close()
            return (ends.readEnd.rawValue, ends.readEnd)
        }
    }

    @Test(arguments: Trouble.allCases)
    func aDescriptorThatOnlyReportsTroubleIsHandedOverThenLeftOut(trouble: Trouble) throws {
        let (fd, keep) = try descriptor(in: trouble)
        defer { try? keep?.close() }
        let loop = RunLoop()
        let stuck = StuckSource(fd: fd)
        let ticker = Ticker(every: 0.01)
        loop.add(stuck)
        loop.add(ticker)
        loop.run(until: MonotonicInstant.now().adding(0.3))
        #expect(stuck.deliveries >= 1, "its source heard of it")
        #expect(stuck.deliveries <= 2, "then it was left out of poll: \(stuck.deliveries) deliveries")
        // About one turn per 10 ms tick; a spinning loop turns hundreds of thousands of times.
        #expect(stuck.turns < 200, "\(stuck.turns) turns in 0.3 s")
        #expect(ticker.ticks >= 10, "the loop went on serving its other sources")
    }

    @Test func aPollThatFailsStopsTheLoopWithTheReasonInsteadOfSpinning() throws {
        // More descriptors than RLIMIT_NOFILE: poll(2) itself fails with EINVAL, every time.
        var limit = rlimit()
        #expect(getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0)
        try #require(limit.rlim_cur < 1 << 22, "a limit this machine can exceed in one poll")
        let ends = try FileDescriptor.pipe(options: .closeOnExec)
        defer {
            try? ends.readEnd.close()
            try? ends.writeEnd.close()
        }
        let loop = RunLoop()
        let crowd = Crowd(fd: ends.readEnd.rawValue, count: Int(limit.rlim_cur) + 1)
        loop.add(crowd)
        let started = MonotonicInstant.now()
        loop.run(until: started.adding(5))
        #expect(MonotonicInstant.now().seconds - started.seconds < 1, "stopped at once, not at the deadline")
        #expect(loop.failure == .invalidArgument)
        #expect(crowd.turns == 1)
    }
}

/// Lists one descriptor `count` times.
private final class Crowd: PollSource {
    let fd: Int32
    let count: Int
    private(set) var turns = 0

    init(fd: Int32, count: Int) {
        self.fd = fd
        self.count = count
    }

    var pollDescriptors: [Int32] {
        turns += 1
        return Array(repeating: fd, count: count)
    }

    var nextDeadline: MonotonicInstant? { nil }
    func handleReadable(_ fd: Int32, now: MonotonicInstant) {}
    func handleDeadline(now: MonotonicInstant) {}
}
