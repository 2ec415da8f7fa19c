#if canImport(Glibc)
import Glibc
#endif

/// Batches passed from one producing thread to one consuming thread in order, with at
/// most `capacity` of weight waiting (a batch weighs its count, or what its producer
/// says: the objects in it): the producer waits when the consumer is behind, so what is
/// in flight stays bounded however far ahead the producer could run.
///
/// The consumer can give a batch it is done with back (`giveBack`): freeing what the
/// consumer did not keep goes to whichever side has time for it. While a batch waits
/// (the producer is ahead), the producer lets go of it on its next `put`; when none
/// waits, the consumer would only wait for the next, so it lets go of it itself.
public final class Handoff<Element: Sendable>: @unchecked Sendable {
    // @unchecked: every stored property below is read and written only with `lock` held.
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let capacity: Int
    private var waiting: [(batch: [Element], weight: Int)] = []
    private var waitingWeight = 0
    private var spent: [[Element]] = []
    private var finished = false

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        changed.deallocate()
        lock.deallocate()
    }

    /// Hands a batch on, waiting while `capacity` of weight waits (one batch always
    /// gets through, however heavy). The consumer takes every batch to the end.
    public func put(_ batch: [Element], weight: Int? = nil) {
        var freed: [[Element]] = []
        defer { freed.removeAll() } // after the lock is let go, on this thread
        locked {
            swap(&freed, &spent)
            while waitingWeight >= capacity { pthread_cond_wait(changed, lock) }
            let weight = weight ?? batch.count
            waiting.append((batch, weight))
            waitingWeight += weight
            pthread_cond_broadcast(changed)
        }
    }

    /// A batch taken and done with: kept for the producer to let go of while a batch
    /// waits, let go of here, on the caller's thread and outside the lock, otherwise.
    /// Give it with `consume`, so the last reference is the one handed over.
    public func giveBack(_ batch: consuming [Element]) {
        var owned: [Element]? = batch
        locked {
            if !waiting.isEmpty { spent.append(owned.take()!) }
        }
    }

    /// The weight waiting to be taken now (for tests of the bound).
    public var weightWaiting: Int { locked { waitingWeight } }

    /// The producer is done: `take()` gives what waits, then nil.
    public func finish() {
        locked {
            finished = true
            pthread_cond_broadcast(changed)
        }
    }

    /// The next batch, waiting for one; nil once the producer finished and all were taken.
    public func take() -> [Element]? {
        locked {
            while waiting.isEmpty, !finished { pthread_cond_wait(changed, lock) }
            guard !waiting.isEmpty else { return nil }
            pthread_cond_broadcast(changed)
            let next = waiting.removeFirst()
            waitingWeight -= next.weight
            return next.batch
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body()
    }
}
