import KubeModel

extension RecordingReader {
    /// Reads the whole file, calling `each` for every input in order.
    public mutating func read(_ each: (SessionInput) -> Void) throws(RecordingError) {
        let input = try ChunkInput(path: path)
        defer { input.close() }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        try consume(each) { () throws(RecordingError) -> Int in try input.read(into: &chunk) } chunk: { chunk }
    }
}
