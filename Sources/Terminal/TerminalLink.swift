#if canImport(Glibc)
import Glibc
#endif
import CPosix
import Runtime

/// The way frames reach the tty without ever blocking the run loop. ncurses writes
/// each frame with write(2) and retries EAGAIN at once (a spin), so it cannot be
/// given a non-blocking tty; it writes into a memory file instead (which never
/// blocks), and the link copies those bytes to the tty through a non-blocking
/// descriptor of its own. Bytes the tty would not take (a stalled SSH link, 9600
/// baud) wait here — at most one frame's worth, because no frame is drawn while
/// any wait — and go out when the tty is writable again.
final class TerminalLink {
    /// Where ncurses writes (a memfd, O_APPEND).
    let captureDescriptor: Int32
    /// The tty, opened again with O_NONBLOCK (the shell's descriptors stay blocking).
    let ttyDescriptor: Int32
    private var pending: [UInt8] = []
    private var sent = 0
    /// Set once the tty failed with something other than EAGAIN (EIO after a hang-up):
    /// nothing more is written, so nothing waits.
    private(set) var isBroken = false

    init(tty: Int32) throws(TerminalError) {
        let capture = rw_memory_file("rollwatch-frames")
        guard capture >= 0 else { throw TerminalError(description: "cannot open a frame buffer: \(String(cString: strerror(-capture)))") }
        let output = rw_reopen_terminal_nonblocking(tty)
        guard output >= 0 else {
            close(capture)
            throw TerminalError(description: "cannot open the terminal for writing: \(String(cString: strerror(-output)))")
        }
        captureDescriptor = capture
        ttyDescriptor = output
    }

    deinit {
        close(ttyDescriptor)
    }

    /// Whether bytes of the last frame still wait for the tty.
    var isBacklogged: Bool { !isBroken && sent < pending.count }

    /// Moves what ncurses wrote since the last call into the queue and empties the
    /// memory file (O_APPEND: its next write lands at 0 again), then writes what the tty takes.
    func send() {
        let size = lseek(captureDescriptor, 0, SEEK_END)
        if size > 0 {
            if sent == pending.count {
                pending.removeAll(keepingCapacity: true)
                sent = 0
            }
            let start = pending.count
            pending.append(contentsOf: repeatElement(0, count: Int(size)))
            var offset = 0
            pending.withUnsafeMutableBytes { buffer in
                while offset < Int(size) {
                    let count = pread(captureDescriptor, buffer.baseAddress! + start + offset, Int(size) - offset, off_t(offset))
                    if count > 0 { offset += count } else if count < 0, errno == EINTR { continue } else { break }
                }
            }
            pending.removeLast(Int(size) - offset)
            _ = ftruncate(captureDescriptor, 0)
        }
        flush()
    }

    /// Writes queued bytes until the tty would block; returns whether none wait.
    @discardableResult
    func flush() -> Bool {
        while !isBroken, sent < pending.count {
            let count = pending.withUnsafeBytes { write(ttyDescriptor, $0.baseAddress! + sent, pending.count - sent) }
            if count > 0 {
                sent += count
            } else if count < 0, errno == EINTR {
                continue
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                return false
            } else {
                isBroken = true
            }
        }
        if sent == pending.count, pending.count > 0 {
            pending.removeAll(keepingCapacity: pending.capacity <= 1 << 20)
            sent = 0
        }
        return true
    }

    /// At the end of the view: waits up to `seconds` for the tty to take what is
    /// queued (the leave-alternate-screen bytes among them), and gives up after
    /// that rather than hang on a link that never comes back.
    func drain(within seconds: Double) {
        let deadline = MonotonicInstant.now().adding(seconds)
        while !flush(), FileIO.waitWritable(ttyDescriptor, until: deadline) {}
    }
}
