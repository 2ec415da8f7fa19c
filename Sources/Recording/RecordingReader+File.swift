import KubeModel
import Runtime

extension RecordingReader {
    /// Reads the whole file, calling `each` for every input in order, on this thread.
    /// The lines are framed and decoded on a worker thread meanwhile, a few batches
    /// ahead at most: decoding is a third of reading a recording, and on a machine with
    /// a second core it overlaps what `each` does (the state applying the inputs before),
    /// and frees what `each` did not keep of them.
    /// Without a thread to be had, the same work runs here, one after the other.
    public mutating func read(_ each: (SessionInput) -> Void) throws(RecordingError) {
        let decoding = DecodingRun(reader: self, input: try ChunkInput(path: path))
        defer { decoding.input.close() }
        let handoff = Handoff<SessionInput>(capacity: DecodingRun.batchesAhead)
        if let worker = WorkerThread({ decoding.run(into: handoff) }) {
            while let batch = handoff.take() {
                batch.forEach(each)
                handoff.giveBack(batch)
            }
            worker.join()
        } else {
            decoding.run(each)
        }
        self = decoding.reader
        if let error = decoding.error { throw error }
    }
}

/// A reader and its file, handed to the decoding thread and back. Nothing here is
/// touched by two threads at once: the caller reads it only after `WorkerThread.join()`.
private final class DecodingRun: @unchecked Sendable {
    /// Inputs per batch, and batches decoded ahead of the consumer at most: a few
    /// hundred inputs in flight, so the pipeline adds little to what is held.
    static let batchSize = 256
    static let batchesAhead = 4

    var reader: RecordingReader
    let input: ChunkInput
    private(set) var error: RecordingError?

    init(reader: RecordingReader, input: ChunkInput) {
        self.reader = reader
        self.input = input
    }

    /// Decodes every line into batches for `handoff`, and says when it is done.
    func run(into handoff: Handoff<SessionInput>) {
        defer { handoff.finish() }
        var batch: [SessionInput] = []
        batch.reserveCapacity(Self.batchSize)
        run { input in
            batch.append(input)
            if batch.count == Self.batchSize {
                handoff.put(batch)
                batch = []
                batch.reserveCapacity(Self.batchSize)
            }
        }
        if !batch.isEmpty { handoff.put(batch) }
    }

    /// Decodes every line, calling `each` for every input in order; keeps what stopped it.
    func run(_ each: (SessionInput) -> Void) {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        do {
            try reader.consume(each) { () throws(RecordingError) -> Int in try input.read(into: &chunk) } chunk: { chunk }
        } catch {
            self.error = error
        }
    }
}
