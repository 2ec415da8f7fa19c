#if canImport(Glibc)
import Glibc
#endif
import Recording
import RolloutCore

/// A recording to read: a file, or bytes built into the binary (the demo).
struct RecordingSource {
    enum Origin {
        case file
        case bytes([UInt8])
    }

    /// The path, or a name for errors and the header line of the view.
    let name: String
    let origin: Origin

    /// Reads every input in order, passing each on as it is decoded, and says
    /// skipped lines on stderr. Errors are one line, exit 2.
    func read(_ each: (SessionInput) -> Void) throws -> (header: RecordingHeader, warnings: [String]) {
        var reader = RecordingReader(path: name)
        do {
            switch origin {
            case .file: try reader.read(each)
            case .bytes(let bytes): try reader.read(bytes: bytes, each)
            }
        } catch {
            throw Failure.usage(error.description)
        }
        for warning in reader.warnings {
            printError("rollwatch: warning: \(name): \(warning)")
        }
        return (reader.header!, reader.warnings)
    }
}

/// A recording read whole, with keyframes, ready for a replay.
struct LoadedRecording {
    let path: String
    let header: RecordingHeader
    let timeline: ReplayTimeline
    /// What the reader skipped (a cut last line), also said on stderr before the view opens.
    let warnings: [String]

    init(_ source: RecordingSource, initial: RolloutState) throws {
        var inputs: [SessionInput] = []
        (header, warnings) = try source.read { inputs.append($0) }
        path = source.name
        timeline = ReplayTimeline(inputs: inputs, initial: initial)
    }
}

func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}
