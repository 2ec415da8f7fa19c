#if canImport(Glibc)
import Glibc
#endif
import Runtime
import Synchronization
import Testing

/// Batches cross from a worker thread to this one in order and bounded, and what is given
/// back is freed on the worker.
@Suite struct HandoffTests {
    @Test func everyBatchArrivesInOrderAndThenNil() {
        let handoff = Handoff<Int>(capacity: 2)
        let worker = WorkerThread {
            for start in stride(from: 0, to: 1_000, by: 10) { handoff.put(Array(start..<start + 10)) }
            handoff.finish()
        }
        #expect(worker != nil)
        var received: [Int] = []
        while let batch = handoff.take() { received += batch }
        worker?.join()
        #expect(received == Array(0..<1_000))
        #expect(handoff.take() == nil)
    }

    /// The producer can be at most `capacity` batches ahead: it waits for a take, and
    /// (with the consumer's lead known) the count it got to says so.
    @Test func theProducerWaitsWhileCapacityBatchesWait() {
        let handoff = Handoff<Int>(capacity: 3)
        let progress = Handoff<Int>(capacity: 100)
        let worker = WorkerThread {
            for number in 0..<10 {
                handoff.put([number])
                progress.put([number])
            }
            handoff.finish()
            progress.finish()
        }
        // Nothing taken: three puts return, the fourth waits.
        #expect(progress.take() == [0])
        #expect(progress.take() == [1])
        #expect(progress.take() == [2])
        // Each take lets exactly one more put through, in order; never more than three wait.
        for number in 0..<7 {
            #expect(handoff.weightWaiting <= 3)
            #expect(handoff.take() == [number])
            #expect(progress.take() == [number + 3])
        }
        while handoff.take() != nil {}
        worker?.join()
    }

    /// A heavy batch (a list page of 500 pods) gets through alone; the next waits for it to be taken.
    @Test func weightNotCountBoundsWhatWaits() {
        let handoff = Handoff<Int>(capacity: 10)
        let progress = Handoff<Int>(capacity: 100)
        let worker = WorkerThread {
            handoff.put([1], weight: 500)
            progress.put([1])
            handoff.put([2], weight: 1)
            progress.put([2])
            handoff.finish()
            progress.finish()
        }
        #expect(progress.take() == [1])
        #expect(handoff.weightWaiting == 500)
        #expect(handoff.take() == [1])
        #expect(progress.take() == [2])
        #expect(handoff.take() == [2])
        #expect(handoff.take() == nil)
        worker?.join()
    }

    /// A signal sent to the process is not taken by the worker, whose mask blocks them all
    /// but the faults' (its own crash is handled on it); the thread that started it keeps its mask.
    @Test func theWorkerBlocksEverySignalAndTheCallersMaskStaysAsItWas() {
        var before = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &before)
        let masks = Handoff<Bool>(capacity: 1)
        let worker = WorkerThread {
            var mask = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &mask)
            masks.put([sigismember(&mask, SIGINT) == 1 && sigismember(&mask, SIGTERM) == 1 && sigismember(&mask, SIGCHLD) == 1
                && sigismember(&mask, SIGWINCH) == 1 && sigismember(&mask, SIGSEGV) == 0 && sigismember(&mask, SIGTRAP) == 0])
            masks.finish()
        }
        #expect(masks.take() == [true])
        worker?.join()
        var after = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &after)
        #expect((1..<32).allSatisfy { sigismember(&before, $0) == sigismember(&after, $0) })
    }

    /// What the consumer gives back while the producer is ahead (a batch waits) is let go
    /// of by the producer, on its thread, at its next put.
    @Test func batchesGivenBackWhileOthersWaitAreFreedOnTheProducersThread() {
        let freed = FreedWhere.Log()
        let handoff = Handoff<FreedWhere>(capacity: 2)
        let producer = Handoff<UInt>(capacity: 1)
        let givenBack = Handoff<Bool>(capacity: 1)
        let worker = WorkerThread {
            producer.put([UInt(pthread_self())])
            producer.finish()
            handoff.put([FreedWhere(freed)])
            handoff.put([])
            _ = givenBack.take()
            handoff.put([])
            handoff.finish()
        }
        let producerThread = producer.take()?.first
        var taken = 0
        while let batch = handoff.take() {
            taken += 1
            handoff.giveBack(consume batch)
            if taken == 1 { givenBack.put([true]) }
        }
        worker?.join()
        #expect(taken == 3)
        #expect(freed.threads.withLock { $0 } == [producerThread])
    }

    /// What the consumer gives back when no batch waits (it is the one with time to
    /// spare) is let go of at once, on its own thread.
    @Test func batchesGivenBackWhenNoneWaitsAreFreedOnTheConsumersThread() {
        let freed = FreedWhere.Log()
        let handoff = Handoff<FreedWhere>(capacity: 2)
        let givenBack = Handoff<Bool>(capacity: 1)
        let putDone = Handoff<Bool>(capacity: 1)
        let worker = WorkerThread {
            handoff.put([FreedWhere(freed)])
            // The producer's own reference to the batch is gone by now: the consumer's is the last.
            putDone.put([true])
            _ = givenBack.take()
            // Had the batch been kept for the producer, this put would let go of it here.
            handoff.put([])
            handoff.finish()
        }
        var taken = 0
        while let batch = handoff.take() {
            taken += 1
            if taken == 1 { _ = putDone.take() }
            handoff.giveBack(consume batch)
            if taken == 1 { givenBack.put([true]) }
        }
        worker?.join()
        #expect(taken == 2)
        #expect(freed.threads.withLock { $0 } == [UInt(pthread_self())])
    }
}

/// Notes the thread that frees it, in the log of its test.
private final class FreedWhere: Sendable {
    final class Log: Sendable {
        let threads = Mutex<[UInt]>([])
    }

    private let log: Log

    init(_ log: Log) {
        self.log = log
    }

    deinit { log.threads.withLock { $0.append(UInt(pthread_self())) } }
}
