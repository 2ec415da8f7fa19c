#if canImport(Glibc)
import Glibc
#endif

/// One piece of work on a thread of its own, for a pipeline whose stages can run side
/// by side (decoding a recording's lines while the state applies the ones before).
/// Signals stay with the threads that were there: the worker starts with every signal
/// blocked, so a handler (the self-pipes) runs where it always did; all but those a
/// fault of its own raises (a trap, a bad access), which go to the thread at fault
/// whatever the mask, and whose handler (the crash cleanup) must be let run there.
///
/// What the work leaves behind is read after `join()`, which orders it after the work.
public final class WorkerThread: Sendable {
    private let thread: pthread_t

    /// Starts `work`; nil when no thread can be made (the caller then does the work itself).
    public init?(_ work: @escaping @Sendable () -> Void) {
        var all = sigset_t()
        var before = sigset_t()
        sigfillset(&all)
        for fault in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT] { sigdelset(&all, fault) }
        pthread_sigmask(SIG_BLOCK, &all, &before)
        defer { pthread_sigmask(SIG_SETMASK, &before, nil) }
        let context = Unmanaged.passRetained(WorkBox(work)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            let box = Unmanaged<WorkBox>.fromOpaque(context!).takeRetainedValue()
            box.work()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<WorkBox>.fromOpaque(context).release()
            return nil
        }
        self.thread = thread
    }

    /// Waits for the work to end.
    public func join() {
        pthread_join(thread, nil)
    }

    private final class WorkBox: Sendable {
        let work: @Sendable () -> Void
        init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    }
}
