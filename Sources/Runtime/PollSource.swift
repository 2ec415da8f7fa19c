/// Something the run loop waits on: descriptors to read and an optional deadline.
public protocol PollSource: AnyObject {
    var pollDescriptors: [Int32] { get }
    /// A fixed instant, the same on every read until it is handled. One computed
    /// relative to "now" on each read moves ahead of the loop's clock and never falls due.
    var nextDeadline: MonotonicInstant? { get }
    /// Called when `fd` is readable, or reports a hang-up, an error or that it is not
    /// open: a source should read it, and close and stop listing it at its end.
    func handleReadable(_ fd: Int32, now: MonotonicInstant)
    func handleDeadline(now: MonotonicInstant)
    /// Descriptors to wait on for POLLOUT: output that would have blocked and waits
    /// (the terminal while a stalled link holds a frame). Most sources have none.
    var writeDescriptors: [Int32] { get }
    /// Called when `fd` of `writeDescriptors` is writable, or reports a hang-up or an error.
    func handleWritable(_ fd: Int32, now: MonotonicInstant)
}

extension PollSource {
    public var writeDescriptors: [Int32] { [] }
    public func handleWritable(_ fd: Int32, now: MonotonicInstant) {}
}
