import Runtime
import Testing

/// The end-to-end suites run in two lanes, one test at a time in each: a test starts
/// the stand-in, kubectl processes and rollwatch, and receive-time windows are what
/// many check, so on a 2-core machine more than two at once would only add skew.
/// Two, because these tests mostly wait on scenarios that play in real time: the
/// second lane halves the suite's time. Seeds, recordings and the views are here.
@Suite(.serialized)
enum EndToEnd {}

/// The second lane (see `EndToEnd`): the soak, the stalled link, kubectl's failures
/// and signals, the full disk, the load run, the fuzz smoke and the proxy's socket.
@Suite(.serialized)
enum EndToEndSecondLane {}

/// A failure as SPEC §5 promises it: the documented exit code and one line on stderr that says it.
func expectOneLineError(_ result: CompletedProcess, code: Int32, containing text: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == .exited(code), "stderr: \(result.stderrText)", sourceLocation: sourceLocation)
    #expect(result.stderrText.split(separator: "\n").count == 1, "one line: \(result.stderrText)", sourceLocation: sourceLocation)
    #expect(result.stderrText.contains(text), "\(result.stderrText)", sourceLocation: sourceLocation)
}
