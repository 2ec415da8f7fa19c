import KubeModel
import Recording
import RolloutCore
import Session

/// How the commands read recordings: what the reader skipped is said on stderr,
/// and a file that cannot be read is one line with exit 2.
extension RecordingSource {
    func readSayingWarnings(_ each: (SessionInput) -> Void) throws -> RecordingHeader {
        do {
            let (header, warnings) = try read(each)
            sayWarnings(warnings)
            return header
        } catch {
            throw Failure.usage(error.description)
        }
    }

    func load(initial: RolloutState) throws -> LoadedRecording {
        do {
            let recording = try LoadedRecording(self, initial: initial)
            sayWarnings(recording.warnings)
            return recording
        } catch {
            throw Failure.usage(error.description)
        }
    }

    private func sayWarnings(_ warnings: [String]) {
        for warning in warnings { printError("rollwatch: warning: \(name): \(warning)") }
    }
}
