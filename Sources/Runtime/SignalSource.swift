#if canImport(Glibc)
import Glibc
#endif
import CPosix
import SystemPackage

/// Signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT) delivered as readable bytes on a
/// pipe, so the run loop handles them like any input and no work happens inside
/// a signal handler.
public final class SignalSource: PollSource {
    private let readEnd: FileDescriptor
    private let onSignal: (Int32) -> Void

    public init(onSignal: @escaping (Int32) -> Void) {
        // The write end is the handler's from now on and is never closed, so no
        // signal ever writes to a descriptor number reused for something else.
        let none = (readEnd: FileDescriptor(rawValue: -1), writeEnd: FileDescriptor(rawValue: -1))
        let ends = (try? FileDescriptor.pipe(options: [.closeOnExec, .nonBlocking])) ?? none
        readEnd = ends.readEnd
        self.onSignal = onSignal
        rw_install_signal_pipe(ends.writeEnd.rawValue)
    }

    public var pollDescriptors: [Int32] { [readEnd.rawValue] }
    public var nextDeadline: MonotonicInstant? { nil }

    public func handleReadable(_ fd: Int32, now: MonotonicInstant) {
        for signal in drainSignalBytes(readEnd) { onSignal(signal) }
    }

    public func handleDeadline(now: MonotonicInstant) {}
}

/// Every byte waiting on a non-blocking signal pipe, each a signal number.
func drainSignalBytes(_ pipe: FileDescriptor) -> [Int32] {
    var signals: [Int32] = []
    var buffer = [UInt8](repeating: 0, count: 64)
    while let count = try? buffer.withUnsafeMutableBytes({ try pipe.read(into: $0) }), count > 0 {
        signals += buffer[0..<count].map(Int32.init)
    }
    return signals
}
