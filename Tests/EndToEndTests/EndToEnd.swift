import Runtime
import Testing

/// Every end-to-end suite runs one test at a time: each starts the stand-in, kubectl
/// processes and rollwatch on a 2-core machine, and receive-time windows are what
/// they check, so contention between them would only add skew.
@Suite(.serialized)
enum EndToEnd {}

/// A failure as SPEC §5 promises it: the documented exit code and one line on stderr that says it.
func expectOneLineError(_ result: CompletedProcess, code: Int32, containing text: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == .exited(code), "stderr: \(result.stderrText)", sourceLocation: sourceLocation)
    #expect(result.stderrText.split(separator: "\n").count == 1, "one line: \(result.stderrText)", sourceLocation: sourceLocation)
    #expect(result.stderrText.contains(text), "\(result.stderrText)", sourceLocation: sourceLocation)
}
