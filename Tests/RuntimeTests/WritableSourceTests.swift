#if canImport(Glibc)
import Glibc
#endif
import Runtime
import SystemPackage
import Testing

/// Output that would block waits for POLLOUT on the loop (the terminal behind a
/// stalled link): the loop goes on serving its other sources meanwhile, and hands
/// the descriptor over once the far end reads again.
@Suite struct WritableSourceTests {
    /// Writes a non-blocking pipe full, then lists it for POLLOUT until it takes bytes again.
    final class Backlogged: PollSource {
        let fd: Int32
        private(set) var writable = 0
        var isWaiting = true
        init(fd: Int32) { self.fd = fd }
        var pollDescriptors: [Int32] { [] }
        var nextDeadline: MonotonicInstant? { nil }
        func handleReadable(_ fd: Int32, now: MonotonicInstant) {}
        func handleDeadline(now: MonotonicInstant) {}
        var writeDescriptors: [Int32] { isWaiting ? [fd] : [] }
        func handleWritable(_ fd: Int32, now: MonotonicInstant) {
            writable += 1
            var byte: UInt8 = 1
            if write(fd, &byte, 1) == 1 { isWaiting = false }
        }
    }

    @Test func aFullPipeIsHandedOverOnceItDrainsAndTheLoopServesOthersMeanwhile() throws {
        let ends = try FileDescriptor.pipe(options: .closeOnExec)
        defer {
            try? ends.readEnd.close()
            try? ends.writeEnd.close()
        }
        #expect(fcntl(ends.writeEnd.rawValue, F_SETFL, O_NONBLOCK) == 0)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while write(ends.writeEnd.rawValue, &chunk, chunk.count) > 0 {}
        let loop = RunLoop()
        let output = Backlogged(fd: ends.writeEnd.rawValue)
        let ticker = Ticker(every: 0.01)
        loop.add(output)
        loop.add(ticker)
        loop.run(until: MonotonicInstant.now().adding(0.2))
        #expect(output.writable == 0, "a full pipe is not writable")
        #expect(ticker.ticks >= 10, "the loop served its other sources meanwhile")
        // The reader takes a page: the source hears of it and writes.
        _ = read(ends.readEnd.rawValue, &chunk, chunk.count)
        loop.run(until: MonotonicInstant.now().adding(0.2))
        #expect(output.writable == 1)
        #expect(!output.isWaiting, "it wrote once the pipe drained")
    }
}
