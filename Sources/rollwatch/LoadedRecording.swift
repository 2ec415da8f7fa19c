#if canImport(Glibc)
import Glibc
#endif
import Recording
import RolloutCore

/// A recording read whole and run through the rules once, ready for a report or a
/// replay. Skipped lines are said on stderr, once, as they are found.
struct LoadedRecording {
    let path: String
    let header: RecordingHeader
    let timeline: ReplayTimeline
    /// What the reader skipped (a cut last line), also said on stderr before the view opens.
    let warnings: [String]

    init(path: String, rules: RuleOptions) throws {
        var reader = RecordingReader(path: path)
        try self.init(reader: &reader, name: path, initial: rules.initialState()) { (reader, each) throws(RecordingError) in
            try reader.read(each)
        }
    }

    init(bytes: [UInt8], name: String, initial: RolloutState) throws {
        var reader = RecordingReader(path: name)
        try self.init(reader: &reader, name: name, initial: initial) { (reader, each) throws(RecordingError) in
            try reader.read(bytes: bytes, each)
        }
    }

    private init(reader: inout RecordingReader, name: String, initial: RolloutState,
                 read: (inout RecordingReader, (SessionInput) -> Void) throws(RecordingError) -> Void) throws {
        var inputs: [SessionInput] = []
        do {
            try read(&reader) { inputs.append($0) }
        } catch {
            throw Failure.usage(error.description)
        }
        for warning in reader.warnings {
            printError("rollwatch: warning: \(name): \(warning)")
        }
        path = name
        warnings = reader.warnings
        header = reader.header!
        timeline = ReplayTimeline(inputs: inputs, initial: initial)
    }
}

func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}
