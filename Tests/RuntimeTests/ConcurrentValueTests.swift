#if canImport(Glibc)
import Glibc
#endif
import Runtime
import Testing

/// A value is made on a thread of its own and taken once it is ready.
@Suite struct ConcurrentValueTests {
    @Test func theValueIsMadeOnAnotherThread() {
        let caller = pthread_self()
        let value = ConcurrentValue { pthread_equal(pthread_self(), caller) == 0 ? "elsewhere" : "here" }
        #expect(value.take() == "elsewhere")
    }

    /// As the report's findings are printed: each value started before the previous one
    /// is taken, so two are in flight, and they come out in the order they were started.
    @Test func valuesInFlightTogetherComeOutInOrder() {
        var taken: [Int] = []
        var waiting: ConcurrentValue<[Int]>?
        for start in stride(from: 0, to: 10_000, by: 100) {
            let next = ConcurrentValue { Array(start..<start + 100) }
            if let earlier = waiting.take() { taken += earlier.take() }
            waiting = consume next
        }
        if let last = waiting.take() { taken += last.take() }
        #expect(taken == Array(0..<10_000))
    }
}
