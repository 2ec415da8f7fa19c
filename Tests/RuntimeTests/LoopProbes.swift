#if canImport(Glibc)
import Glibc
#endif
import Runtime

/// Fires every `interval` seconds and counts: a count that keeps rising says the
/// loop goes on turning; one that stalls says something blocked it.
final class Ticker: PollSource {
    let interval: Double
    private(set) var ticks = 0
    private(set) var nextDeadline: MonotonicInstant?

    init(every interval: Double) {
        self.interval = interval
        nextDeadline = MonotonicInstant.now().adding(interval)
    }

    var pollDescriptors: [Int32] { [] }
    func handleReadable(_ fd: Int32, now: MonotonicInstant) {}

    func handleDeadline(now: MonotonicInstant) {
        ticks += 1
        nextDeadline = now.adding(interval)
    }
}

/// Reads a child's stdout on the loop and calls `onReady` once it has printed
/// `ready` (its traps are set by then), then reads on to the end.
final class ReadyWatcher: PollSource {
    private let child: ChildProcess
    private let onReady: () -> Void
    private var seen: [UInt8] = []
    private var announced = false
    private var buffer = [UInt8](repeating: 0, count: 256)

    init(_ child: ChildProcess, onReady: @escaping () -> Void) {
        self.child = child
        self.onReady = onReady
    }

    var pollDescriptors: [Int32] { child.stdout >= 0 ? [child.stdout] : [] }
    var nextDeadline: MonotonicInstant? { nil }
    func handleDeadline(now: MonotonicInstant) {}

    func handleReadable(_ fd: Int32, now: MonotonicInstant) {
        switch readAvailable(fd, into: &buffer) {
        case .bytes(let count):
            seen += buffer[0..<count]
            if !announced, String(decoding: seen, as: UTF8.self).contains("ready") {
                announced = true
                onReady()
            }
        case .wouldBlock:
            break
        case .endOfFile:
            child.closeStdout()
        }
    }
}

/// Always lists one descriptor and counts what the loop does with it: how often
/// it asked for the list (one ask a turn) and how often it handed the descriptor over.
final class StuckSource: PollSource {
    let fd: Int32
    private(set) var turns = 0
    private(set) var deliveries = 0

    init(fd: Int32) {
        self.fd = fd
    }

    var pollDescriptors: [Int32] {
        turns += 1
        return [fd]
    }

    var nextDeadline: MonotonicInstant? { nil }
    func handleDeadline(now: MonotonicInstant) {}

    func handleReadable(_ fd: Int32, now: MonotonicInstant) {
        deliveries += 1
    }
}
