import KubeModel
import Recording
import Replay
import RolloutCore

/// A recording to read: a file, or bytes built into the binary (the demo).
public struct RecordingSource: Sendable {
    public enum Origin: Sendable {
        case file
        case bytes([UInt8])
    }

    /// The path, or a name for errors and the header line of the view.
    public let name: String
    public let origin: Origin

    public init(name: String, origin: Origin) {
        self.name = name
        self.origin = origin
    }

    /// Reads every input in order, passing each on as it is decoded. What the reader
    /// skipped (a cut last line, malformed lines) comes back as warnings for the caller to say.
    public func read(_ each: (SessionInput) -> Void) throws(RecordingError) -> (header: RecordingHeader, warnings: [String]) {
        var reader = RecordingReader(path: name)
        switch origin {
        case .file: try reader.read(each)
        case .bytes(let bytes): try reader.read(bytes: bytes, each)
        }
        return (reader.header!, reader.warnings)
    }

    /// Reads every input once, passing each on with its line's length, and gives the
    /// index of where each input's line lies (see `RecordingLines`).
    public func index(_ each: (SessionInput, _ lineLength: Int) -> Void) throws(RecordingError) -> RecordingLines.Indexed {
        switch origin {
        case .file: return try RecordingLines.index(path: name, each)
        case .bytes(let bytes): return try RecordingLines.index(bytes: bytes, name: name, each)
        }
    }
}

/// A recording read for a replay: read once, each input fed to the state as it is
/// decoded to place the keyframes, then let go. The timeline keeps the line index, not
/// the inputs, and decodes the lines a seek replays (a 10,000-pod capture's decoded
/// inputs are ~70 MB; its index, 0.5 MB).
public struct LoadedRecording: Sendable {
    public let path: String
    public let header: RecordingHeader
    public let timeline: ReplayTimeline
    /// What the reader skipped (a cut last line); the command says it on stderr before the view opens.
    public let warnings: [String]

    public init(_ source: RecordingSource, initial: RolloutState, spacing: KeyframeSpacing = .recordingLines) throws(RecordingError) {
        var builder = ReplayTimeline.Builder(initial: initial, spacing: spacing)
        let indexed = try source.index { input, length in
            builder.take(input, cost: length + RecordingLines.costPerInput)
        }
        path = source.name
        header = indexed.header
        warnings = indexed.warnings
        timeline = builder.timeline(over: indexed.lines)
    }
}
