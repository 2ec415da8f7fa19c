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

    init(path: String, rules: RuleOptions) throws {
        var reader = RecordingReader(path: path)
        var inputs: [SessionInput] = []
        do {
            try reader.read { inputs.append($0) }
        } catch {
            throw Failure.usage(error.description)
        }
        for warning in reader.warnings {
            printError("rollwatch: warning: \(path): \(warning)")
        }
        self.path = path
        header = reader.header!
        timeline = ReplayTimeline(inputs: inputs, initial: rules.initialState())
    }
}

func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}
