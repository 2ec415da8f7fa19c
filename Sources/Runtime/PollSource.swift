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
}
