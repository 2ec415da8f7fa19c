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
}

/// A recording read whole, with keyframes, ready for a replay.
public struct LoadedRecording: Sendable {
    public let path: String
    public let header: RecordingHeader
    public let timeline: ReplayTimeline
    /// What the reader skipped (a cut last line); the command says it on stderr before the view opens.
    public let warnings: [String]

    public init(_ source: RecordingSource, initial: RolloutState) throws(RecordingError) {
        var inputs: [SessionInput] = []
        (header, warnings) = try source.read { inputs.append($0) }
        path = source.name
        timeline = ReplayTimeline(inputs: inputs, initial: initial)
    }
}
