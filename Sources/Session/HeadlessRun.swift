import Runtime
import RolloutCore

/// Runs a live session without a terminal until its deadline, a stop condition,
/// a cluster failure, or SIGINT/SIGTERM/SIGHUP/SIGQUIT, then closes it. Signals
/// arrive as input on the run loop, so the session ends the same orderly way in
/// every case: kubectl children stopped, the recording's last lines written.
public struct HeadlessRun {
    public let session: LiveSession
    public let loop: RunLoop

    public init(session: LiveSession, loop: RunLoop) {
        self.session = session
        self.loop = loop
    }

    /// - Returns: the signal that ended the run, if one did. A failure of poll(2) itself
    ///   also ends it, in order; the loop keeps it (`loop.failure`) for the caller to say.
    @discardableResult
    public func run(seconds: Double?, until done: ((RolloutState) -> Bool)? = nil) -> Int32? {
        var interruptedBy: Int32?
        loop.add(SignalSource { signal in
            interruptedBy = signal
            loop.stop()
        })
        if let done {
            session.onChange = { [unowned session] in
                if done(session.state) { loop.stop() }
            }
        }
        let now = MonotonicInstant.now()
        session.start(now: now)
        loop.run(until: seconds.map { now.adding($0) })
        session.finish()
        return interruptedBy
    }
}
