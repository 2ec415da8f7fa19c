import Runtime
import Testing
import TestSupport

/// A short run of the libFuzzer campaign (`.ci/fuzz`): it builds the instrumented
/// binary from the current sources, replays every kept crash input, and fuzzes
/// each target (JSON and decoders, the framer, the recording reader with the store,
/// rules and renderers, the HTTP response parser) for a few seconds from the seed corpus. The long campaign
/// is `.ci/fuzz [SECONDS]`. The smoke builds unoptimized: it shows every target builds,
/// replays its regressions and runs, in a quarter of the -O build's time.
extension EndToEndAlone {
@Suite struct FuzzSmokeTests {
    @Test func aShortCampaignFindsNoCrash() throws {
        let work = TemporaryDirectory()
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "cd '\(Paths.packageRoot)' && ROLLWATCH_FUZZ_OPT=-Onone ROLLWATCH_FUZZ_DIR='\(work.path)' exec .ci/fuzz 5"])
        let result = try #require(child.collectOutput(timeout: 600), "the campaign finished within 10 minutes")
        #expect(result.status == .exited(0), "\(result.stdoutText)\n\(result.stderrText)")
        for target in ["json", "framer", "recording", "http"] {
            #expect(result.stdoutText.contains("== \(target): fuzzing for 5 s"), "\(target) ran")
        }
        #expect(!result.stdoutText.contains("stat::number_of_executed_units: 0\n"), "every target ran inputs")
    }
}
}
