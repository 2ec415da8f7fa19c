#if canImport(Glibc)
import Glibc
#endif
import JSONLite
import Runtime
import Testing
import TestSupport

/// Issue 17, part 2: a recording that cannot be written, on a small tmpfs. The
/// file keeps whole lines only and reads cleanly; `record` ends at once with exit
/// code 4 and one line; `report --for` still prints its report; the live view goes
/// on and says on its status line that the recording stopped and why.
extension EndToEndSecondLane {
@Suite(.enabled(if: SmallDisk.canMount, "mounting a tmpfs was refused (these tests need root)"))
struct FullDiskTests {
    /// 50 pods (their list fits the disk) changing 200 times a second (which does not).
    static func churn() -> Scenario {
        .churning(pods: 50, rate: 200, seconds: 60)
    }

    /// The file ends on a line boundary and `report` reads it without a warning.
    static func expectWholeLines(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = try #require(readBytes(path), sourceLocation: sourceLocation)
        #expect(bytes.count > 0 && bytes.last == UInt8(ascii: "\n"), "ends with a whole line", sourceLocation: sourceLocation)
        let report = try runRollwatch(["report", path, "--format", "json"])
        #expect(report.stderrText.isEmpty, "reads cleanly: \(report.stderrText)", sourceLocation: sourceLocation)
        #expect(report.status == .exited(0) || report.status == .exited(1), sourceLocation: sourceLocation)
        #expect(try JSONParser().parse(report.stdout)["pods"].array.count == 50, sourceLocation: sourceLocation)
    }

    @Test func recordOntoAFullDiskEndsWithExitFourAndWholeLines() throws {
        let disk = try SmallDisk(kibibytes: 128)
        let standIn = try StandIn(scenario: Self.churn().json)
        let file = disk.file("r.jsonl")
        let started = MonotonicInstant.now()
        let result = try runRollwatch(["record", "--kubeconfig", standIn.kubeconfig, "-o", file, "--for", "60s"])
        #expect(result.status == .exited(4), "\(result.stderrText)")
        #expect(MonotonicInstant.now().seconds - started.seconds < 30, "the run ends when the disk is full, not at --for")
        let lines = result.stderrText.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("writing \(file): disk full (No space left on device)"), "\(result.stderrText)")
        try Self.expectWholeLines(file)
    }

    @Test func reportForStillPrintsItsReportWhenItsRecordingFails() throws {
        let disk = try SmallDisk(kibibytes: 128)
        let standIn = try StandIn(scenario: Self.churn().json)
        let file = disk.file("r.jsonl")
        let result = try runRollwatch(["report", "--kubeconfig", standIn.kubeconfig, "--for", "4s", "--record", file, "--format", "json"])
        #expect(result.status == .exited(0) || result.status == .exited(1), "\(result.stderrText)")
        #expect(result.stderrText.contains("warning: writing \(file): disk full"), "\(result.stderrText)")
        #expect(try JSONParser().parse(result.stdout)["pods"].array.count == 50, "the report is printed whole")
        try Self.expectWholeLines(file)
    }

    /// The live view on a disk that fills, and on a file removed under it.
    @Test(arguments: ["disk full", "the file was removed"])
    func theLiveViewGoesOnAndSaysWhyTheRecordingStopped(reason: String) throws {
        let disk = try SmallDisk(kibibytes: reason == "disk full" ? 128 : 65_536)
        let standIn = try StandIn(scenario: Self.churn().json)
        let file = disk.file("r.jsonl")
        let elsewhere = TemporaryDirectory()
        let tmux = try Tmux(width: 200, height: 40)
        tmux.type("\(Paths.rollwatchBinary) --kubeconfig \(standIn.kubeconfig) --record \(file) 2>\(elsewhere.file("stderr"))")
        #expect(tmux.waitFor("web-aaa-1") != nil, "\(tmux.capture())")
        if reason != "disk full" {
            #expect(waitUntil(timeout: 20) { (readBytes(file)?.count ?? 0) > 0 }, "the recording started")
            #expect(unlink(file) == 0)
        }
        let screen = tmux.waitFor("recording stopped: \(reason)", timeout: 30)
        #expect(screen != nil, "the status line says it:\n\(tmux.capture())")
        // The view goes on: keys are answered, and it ends as usual.
        tmux.send("?")
        #expect(tmux.waitFor("any key closes this", timeout: 10) != nil, "\(tmux.capture())")
        tmux.send("x")
        tmux.send("q")
        #expect(waitUntilGone(rollwatchProcesses(using: standIn.kubeconfig)))
        #expect(kubectlChildren(of: standIn.kubeconfig).isEmpty, "no kubectl left")
        let stderr = readText(elsewhere.file("stderr")) ?? ""
        #expect(stderr.contains("warning: recording stopped: \(reason)"), "\(stderr)")
        if reason == "disk full" { try Self.expectWholeLines(file) }
    }
}
}
