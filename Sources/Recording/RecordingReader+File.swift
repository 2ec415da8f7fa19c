import KubeModel

extension RecordingReader {
    /// Reads the whole file, calling `each` for every input in order, on this thread;
    /// the lines are decoded on a worker thread meanwhile (`DecodingPipeline`).
    public mutating func read(_ each: (SessionInput) -> Void) throws(RecordingError) {
        let input = try ChunkInput(path: path)
        defer { input.close() }
        var reader = self
        self = try DecodingPipeline.run({ (decoded: (SessionInput) -> Void) throws(RecordingError) -> RecordingReader in
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            try reader.consume(decoded) { () throws(RecordingError) -> Int in try input.read(into: &chunk) } chunk: { chunk }
            return reader
        }, weight: \.objectCount, consume: each)
    }
}

private extension SessionInput {
    /// What the input weighs in the pipeline: a list's objects, else one.
    var objectCount: Int {
        guard case .event(let event) = self else { return 1 }
        switch event.change {
        case .replaced(let objects, _), .listPage(let objects, _, _, _): return max(1, objects.count)
        default: return 1
        }
    }
}
