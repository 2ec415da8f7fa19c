#if canImport(Glibc)
import Glibc
#endif
import KubeModel
import Recording
import Replay
import RolloutCore
import Runtime
import Session
import Testing
import TestSupport

/// A recording loaded for replay keeps a line index and decodes lines as seeks need
/// them; every way of reading it must give the same states as playing the inputs
/// from the start, read the ordinary way.
@Suite struct LoadedRecordingTests {
    static let demo = Paths.packageRoot + "/Sources/DemoRecording/demo.jsonl"
    /// Small enough that the 25 KB demo gets several keyframes and is thinned once at least.
    static let spacing = KeyframeSpacing(minimumCost: 1_500, maximumCount: 4)

    enum Form: String, CaseIterable, CustomTestStringConvertible {
        case plain, gzip, cutLastLine, bytes
        var testDescription: String { rawValue }
    }

    /// The demo as `form`, and the source a replay reads it from.
    func source(_ form: Form, in directory: TemporaryDirectory) throws -> RecordingSource {
        let bytes = try #require(readBytes(Self.demo))
        let plain = directory.file("demo.jsonl")
        switch form {
        case .plain:
            writeBytes(bytes, to: plain)
            return RecordingSource(name: plain, origin: .file)
        case .gzip:
            writeBytes(bytes, to: plain)
            let gzip = try ChildProcess.spawn("gzip", [plain]).collectOutput(timeout: 30)
            #expect(gzip?.status == .exited(0))
            return RecordingSource(name: plain + ".gz", origin: .file)
        case .cutLastLine:
            // The writer killed in the middle of the last line: no newline, not JSON.
            writeBytes(Array(bytes.dropLast(40)), to: plain)
            return RecordingSource(name: plain, origin: .file)
        case .bytes:
            return RecordingSource(name: "demo", origin: .bytes(bytes))
        }
    }

    @Test(arguments: Form.allCases)
    func seekingAnywhereEqualsPlayingFromTheStart(form: Form) throws {
        let directory = TemporaryDirectory()
        let source = try source(form, in: directory)
        var expected: [SessionInput] = []
        let (_, readerWarnings) = try source.read { expected.append($0) }
        let recording = try LoadedRecording(source, initial: RolloutState(), spacing: Self.spacing)
        let timeline = recording.timeline

        #expect(recording.warnings == readerWarnings)
        #expect(form != .cutLastLine || recording.warnings.contains { $0.contains("is cut") })
        #expect(timeline.inputs.count == expected.count && expected.count > 30)
        #expect(timeline.inputs.decodedInputsHeld == 0, "a replay holds a line index, not decoded inputs")
        #expect((2...Self.spacing.maximumCount).contains(timeline.keyframeCount))
        for index in expected.indices {
            #expect(timeline.inputs.time(at: index) == expected[index].time)
            #expect(timeline.inputs.input(at: index) == expected[index], "input \(index) read back from its line")
        }
        var linear = RolloutState()
        for count in 0...expected.count {
            if count > 0 { linear.ingest(expected[count - 1]) }
            let seeked = timeline.state(after: count)
            #expect(seeked.inputCount == count)
            #expect(seeked.store.orderedPods == linear.store.orderedPods, "after \(count)")
            #expect(seeked.findings == linear.findings, "after \(count)")
        }
        let end = try #require(expected.last?.time)
        linear.advance(to: end)
        #expect(timeline.finalState.findings == linear.findings)
        #expect(!linear.findings.isEmpty, "the demo's incidents give findings to compare")
        // Backward from a later state, and forward from an earlier one.
        let late = timeline.state(after: expected.count - 2)
        #expect(timeline.state(after: 5, from: late).store.orderedPods == timeline.state(after: 5).store.orderedPods)
        #expect(timeline.state(after: expected.count, from: timeline.state(after: 3)).store.orderedPods == linear.store.orderedPods)
    }

    @Test func aLineThatCannotBeReadBackIsAStreamErrorNotACrash() throws {
        let directory = TemporaryDirectory()
        let source = try source(.plain, in: directory)
        let recording = try LoadedRecording(source, initial: RolloutState())
        let last = recording.timeline.inputs.count - 1
        // Rewritten in place (same inode) while the replay has it open.
        writeBytes(Array("{}\n".utf8), to: source.name)
        guard case .notice(let notice) = recording.timeline.inputs.input(at: last) else {
            Issue.record("a line no longer in the file decodes as a notice")
            return
        }
        #expect(notice.kind == .error && notice.detail.contains("changed while replaying"))
        #expect(notice.time == recording.timeline.inputs.time(at: last))
    }
}

/// Writes `bytes` over `path` in place (truncating, same inode).
func writeBytes(_ bytes: [UInt8], to path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    precondition(fd >= 0, "cannot write \(path)")
    defer { close(fd) }
    var done = 0
    while done < bytes.count {
        let count = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        precondition(count > 0, "cannot write \(path)")
        done += count
    }
}
