#if canImport(Glibc)
import Glibc
#endif
import CPosix

extension FileIO {
    /// Writes `bytes` to the terminal `fd` for at most `seconds`, through a non-blocking
    /// descriptor of its own (`fd` stays blocking for the shell): a stalled or 9600-baud
    /// link must not hold a finished process for ever. What the terminal has not taken
    /// by then is dropped. Returns whether every byte went.
    @discardableResult
    public static func writeToTerminal(_ fd: Int32, _ bytes: [UInt8], within seconds: Double) -> Bool {
        let terminal = rw_reopen_terminal_nonblocking(fd)
        guard terminal >= 0 else { return false }
        defer { close(terminal) }
        let deadline = MonotonicInstant.now().adding(seconds)
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { write(terminal, $0.baseAddress! + sent, bytes.count - sent) }
            if count > 0 {
                sent += count
                continue
            }
            guard count < 0, errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK,
                  waitWritable(terminal, until: deadline) else { return false }
        }
        return true
    }

    /// Waits until `fd` takes bytes again (or reports trouble) or `deadline` passes;
    /// false, at once, when it has passed: the bound on every wait for a terminal.
    public static func waitWritable(_ fd: Int32, until deadline: MonotonicInstant) -> Bool {
        let left = deadline.seconds - MonotonicInstant.now().seconds
        if left <= 0 { return false }
        var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        _ = poll(&descriptor, 1, Int32(left * 1000) + 1)
        return true
    }
}
