/// A value worked out on a thread of its own while the caller does something else
/// (the report's pod table while its findings are written), taken with `take()`. When
/// no thread can be made, `take()` works it out on the caller's thread instead.
public struct ConcurrentValue<Value: Sendable>: ~Copyable {
    private let slot: Slot
    private let thread: WorkerThread?

    public init(_ compute: @escaping @Sendable () -> Value) {
        let slot = Slot(compute)
        self.slot = slot
        thread = WorkerThread { slot.fill() }
    }

    /// The value, once the thread has made it (or made here).
    public consuming func take() -> Value {
        if let thread { thread.join() } else { slot.fill() }
        return slot.value!
    }

    /// Written by the worker before `join()` returns and read only after it, so the
    /// join orders every access: no lock is needed.
    private final class Slot: @unchecked Sendable {
        let compute: @Sendable () -> Value
        var value: Value?
        init(_ compute: @escaping @Sendable () -> Value) { self.compute = compute }
        func fill() { value = compute() }
    }
}
