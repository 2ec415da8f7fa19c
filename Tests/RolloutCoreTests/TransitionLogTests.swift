import KubeModel
@testable import RolloutCore
import Testing

@Suite struct TransitionLogTests {
    static func transition(_ index: Int) -> Transition {
        Transition(time: Timestamp(microseconds: Int64(index)), change: .phase("p\(index)"))
    }

    /// Appends and cuts from the front, as the store's history cap does, against a plain array.
    @Test func readsAsTheArrayItStandsFor() {
        var log = TransitionLog()
        var model: [Transition] = []
        var next = 0
        for step in 0..<200 {
            let batch = (0..<(step % 5 + 1)).map { _ in defer { next += 1 }; return Self.transition(next) }
            log.append(contentsOf: batch)
            model.append(contentsOf: batch)
            let excess = model.count - (step % 7 == 0 ? 3 : 40)
            if excess > 0 {
                log.removeFirst(excess)
                model.removeFirst(excess)
            }
            #expect(log.all == model, "after step \(step)")
            #expect(log.count == model.count)
        }
        #expect(TransitionLog(model) == log)
        #expect(TransitionLog(Array(model.dropFirst())) != log)
    }

    /// What a keyframe costs: a copy appended to keeps the other's transitions where they are.
    @Test func aCopyAppendedToSharesTheOlderTransitions() {
        var record = TransitionLog((0..<100).map(Self.transition))
        let keyframe = record
        record.append(contentsOf: [Self.transition(100)])
        #expect(keyframe.count == 100 && record.count == 101)
        #expect(record.sharedChunks(with: keyframe) == 100 / TransitionLog.chunkLength)
    }
}
