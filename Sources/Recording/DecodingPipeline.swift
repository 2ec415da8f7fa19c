import Runtime

/// Reading a recording in two stages side by side: a worker thread reads, frames and
/// decodes the lines (`produce`), a few batches ahead at most, while this thread does
/// what each input is for (`consume`: the state applying it) and nothing else. Decoding
/// is a third of reading a recording; with a second core it is off the path that decides
/// how long the read takes. Without a thread to be had, the same work runs here in turn.
///
/// The consumer gives each batch back when done, so the decoded parts the state did not
/// keep are freed on the worker too.
final class DecodingPipeline<Element: Sendable, Output>: @unchecked Sendable {
    // @unchecked: `produce` and `weight` run and `outcome` is written on the worker alone, and
    // `outcome` is read only after `WorkerThread.join()`, which orders it after them.
    private let produce: (_ each: (Element) -> Void) throws(RecordingError) -> Output
    private var outcome: Result<Output, RecordingError>?

    private let weight: (Element) -> Int
    /// The weight (objects: a list page weighs its pods) a batch is handed on at, and
    /// the most that waits for the consumer: what is in flight stays at a few hundred
    /// objects, a list page or so (~4 MB decoded of 500 pods), whatever the lines hold.
    private static var weightPerBatch: Int { 64 }
    private static var weightAhead: Int { 256 }

    /// What `produce` returns, once `consume` has had, in order, everything it handed on;
    /// what `produce` threw, after the same.
    static func run(_ produce: @escaping (_ each: (Element) -> Void) throws(RecordingError) -> Output,
                    weight: @escaping (Element) -> Int, consume: (Element) -> Void) throws(RecordingError) -> Output {
        let pipeline = DecodingPipeline(produce, weight: weight)
        let handoff = Handoff<Element>(capacity: weightAhead)
        if let worker = WorkerThread({ pipeline.run(into: handoff) }) {
            while let batch = handoff.take() {
                batch.forEach(consume)
                handoff.giveBack(consume batch)
            }
            worker.join()
        } else {
            pipeline.outcome = Result { () throws(RecordingError) in try produce(consume) }
        }
        return try pipeline.outcome!.get()
    }

    private init(_ produce: @escaping (_ each: (Element) -> Void) throws(RecordingError) -> Output,
                 weight: @escaping (Element) -> Int) {
        self.produce = produce
        self.weight = weight
    }

    /// On the worker: everything `produce` hands on, in batches, then the end.
    private func run(into handoff: Handoff<Element>) {
        defer { handoff.finish() }
        var batch: [Element] = []
        var batchWeight = 0
        outcome = Result { () throws(RecordingError) in
            try produce { element in
                batch.append(element)
                batchWeight += weight(element)
                if batchWeight >= Self.weightPerBatch {
                    handoff.put(batch, weight: batchWeight)
                    batch = []
                    batchWeight = 0
                }
            }
        }
        if !batch.isEmpty { handoff.put(batch, weight: batchWeight) }
    }
}
