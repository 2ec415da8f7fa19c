import Runtime
import Testing
import TestSupport

/// The end-to-end suites run in two lanes, one test at a time in each: a test starts
/// the stand-in, kubectl processes and rollwatch, and receive-time windows (to within
/// 1 s) are what many check, so on a 2-core machine more at once would only add skew.
/// Two, because these tests mostly wait on scenarios that play in real time: the
/// second lane nearly halves the suite's time. Seeds, reports and the views are here.
@Suite(.serialized)
enum EndToEnd {}

/// The second lane (see `EndToEnd`): kubectl's signals, recordings, unread logs, the
/// full disk and the proxy's socket — tests that mostly wait.
@Suite(.serialized)
enum EndToEndSecondLane {}

/// The tests that run with nothing beside them: those that load the machine themselves
/// (the fuzz build, the load run, the soak's churn, the stalled and slow links' 50–200
/// changes a second) and would skew another lane's windows, and those whose windows
/// hang on a watch resumed within the second (watches ended every second, kubectl
/// killed mid-stream), which a busy machine delayed past their 1 s in trial runs.
/// `make test` runs them first on their own (`swift test --filter EndToEndAlone`),
/// then the rest with `--skip EndToEndAlone`.
@Suite(.serialized)
enum EndToEndAlone {}

/// A failure as SPEC §5 promises it: the documented exit code and one line on stderr that says it.
func expectOneLineError(_ result: CompletedProcess, code: Int32, containing text: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == .exited(code), "stderr: \(result.stderrText)", sourceLocation: sourceLocation)
    #expect(result.stderrText.split(separator: "\n").count == 1, "one line: \(result.stderrText)", sourceLocation: sourceLocation)
    #expect(result.stderrText.contains(text), "\(result.stderrText)", sourceLocation: sourceLocation)
}

/// The shell in `tmux` is back in canonical mode with echo: the tty modes a view must restore.
func expectShellModesRestored(_ tmux: Tmux, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let modes = try #require(tmux.shellModes(), "the shell answers:\n\(tmux.capture())", sourceLocation: sourceLocation)
    #expect(modes.contains("icanon echo") || modes.contains("echo icanon"), "the terminal is restored:\n\(modes)",
            sourceLocation: sourceLocation)
}
