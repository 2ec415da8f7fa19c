@testable import RolloutCore
import Testing

@Suite struct ChunkedArrayTests {
    /// Appends and insertions anywhere, as the store's display order takes them, against a plain array.
    @Test func readsAsTheArrayItStandsFor() {
        var chunked: ChunkedArray<Int> = []
        var model: [Int] = []
        for value in 0..<3_000 {
            let position = value % 3 == 0 ? model.count : (value * 7_919) % (model.count + 1)
            chunked.insert(value, at: position)
            model.insert(value, at: position)
        }
        chunked.append(-1)
        model.append(-1)
        #expect(Array(chunked) == model)
        #expect(chunked.count == model.count)
        #expect(model.indices.allSatisfy { chunked[$0] == model[$0] })
        #expect(chunked.map { $0 } == model)
        #expect(ChunkedArray<Int>().isEmpty && Array(ChunkedArray<Int>()) == [])
    }

    /// What a keyframe costs: a copy inserted into shares every chunk but the one it changed.
    @Test func aCopyChangedOnceSharesAllButOneChunk() {
        var playing: ChunkedArray<Int> = []
        for value in 0..<5_000 { playing.append(value) }
        let keyframe = playing
        playing.insert(-1, at: 2_500)
        let chunks = keyframe.chunksShared(with: keyframe)
        #expect(chunks >= 5_000 / (2 * ChunkedArray<Int>.chunkLength))
        #expect(playing.chunksShared(with: keyframe) == chunks - 1)
        #expect(keyframe[2_500] == 2_500 && playing[2_500] == -1 && playing[2_501] == 2_500)
    }
}
