#if canImport(Glibc)
import Glibc
#endif
import Runtime
import Testing
import TestSupport

/// The loop's children end without blocking the loop. Serialized: SIGCHLD and
/// its pipe are the process's, one loop reaps at a time.
@Suite(.serialized) struct ChildReaperTests {
    /// Runs `script` under a loop with a 10 ms ticker; once the child says
    /// `ready`, asks it to end. Returns how it ended, how long the end took and
    /// how many ticks the loop made meanwhile.
    private func endOnTheLoop(_ script: String) throws -> (status: Runtime.ExitStatus?, seconds: Double, ticks: Int, killed: Bool) {
        let loop = RunLoop()
        let child = try ChildProcess.spawn("/bin/sh", ["-c", script])
        loop.children.adopt(child)
        let ticker = Ticker(every: 0.01)
        var askedAt: MonotonicInstant?
        var ticksAtAsk = 0
        var ended: (status: Runtime.ExitStatus, at: MonotonicInstant, ticks: Int)?
        child.onExit = { status in
            ended = (status, .now(), ticker.ticks)
            loop.stop()
        }
        loop.add(ticker)
        loop.add(ReadyWatcher(child) {
            askedAt = .now()
            ticksAtAsk = ticker.ticks
            child.terminate()
        })
        loop.run(until: MonotonicInstant.now().adding(10))
        guard let ended, let askedAt else {
            child.terminateAndWait()
            return (nil, .infinity, 0, false)
        }
        return (ended.status, ended.at.seconds - askedAt.seconds, ended.ticks - ticksAtAsk, child.wasKilled)
    }

    @Test func aChildThatIgnoresSIGTERMIsKilledAfterTheGraceWhileTheLoopTurns() throws {
        // The shell and its sleep (same process group) both ignore SIGTERM; the group gets the SIGKILL.
        let end = try endOnTheLoop("trap '' TERM; echo ready; sleep 30; echo survived")
        #expect(end.status == .signalled(SIGKILL))
        #expect(end.killed)
        #expect(end.seconds >= 0.95 && end.seconds < 3, "SIGKILL one grace (1 s) after SIGTERM, reaped at once: \(end.seconds) s")
        // 10 ms ticks for about a second: a loop that waited for the child would tick about once.
        #expect(end.ticks >= 40, "the loop turned \(end.ticks) times while the child was being ended")
    }

    @Test func aChildThatExitsOnSIGTERMIsReapedAtOnce() throws {
        let end = try endOnTheLoop("echo ready; exec sleep 30")
        #expect(end.status == .signalled(SIGTERM))
        #expect(!end.killed)
        #expect(end.seconds < 0.5, "reaped when SIGCHLD came, not at the grace: \(end.seconds) s")
    }

    @Test func aChildThatEndsByItselfIsReapedAndItsOwnerTold() throws {
        let loop = RunLoop()
        let child = try #require(try loop.children.launch("/bin/sh", ["-c", "exit 7"]) as? ChildProcess)
        var status: Runtime.ExitStatus?
        child.onExit = { status = $0; loop.stop() }
        loop.run(until: MonotonicInstant.now().adding(10))
        #expect(status == .exited(7))
        #expect(loop.children.count == 0)
    }

    @Test func endAllLeavesNoChildBehindWithinTheGraceAndASecond() throws {
        let reaper = ChildReaper()
        let stubborn = try ChildProcess.spawn("/bin/sh", ["-c", "trap '' TERM; echo ready; sleep 30"])
        let willing = try ChildProcess.spawn("/bin/sh", ["-c", "exec sleep 30"])
        // The trap must be set before SIGTERM comes, or the shell dies of it at once.
        var ready = [UInt8](repeating: 0, count: 16)
        #expect(waitUntil(timeout: 10) { if case .bytes = readAvailable(stubborn.stdout, into: &ready) { return true }; return false })
        reaper.adopt(stubborn)
        reaper.adopt(willing)
        let started = MonotonicInstant.now()
        reaper.endAll()
        let took = MonotonicInstant.now().seconds - started.seconds
        #expect(reaper.count == 0)
        #expect(stubborn.exitStatus == .signalled(SIGKILL))
        #expect(willing.exitStatus == .signalled(SIGTERM))
        #expect(took < reaper.grace + 1, "\(took) s")
    }

    @Test func collectOutputOutlivesSIGCHLDsOfOtherChildren() throws {
        let reaper = ChildReaper()
        // Children that end while collectOutput waits: each SIGCHLD interrupts its poll.
        for _ in 0..<10 { reaper.adopt(try ChildProcess.spawn("/bin/sh", ["-c", "exit 0"])) }
        let result = try #require(try ChildProcess.spawn("/bin/sh", ["-c", "sleep 0.3; echo out"]).collectOutput(timeout: 10))
        #expect(result.status == .exited(0))
        #expect(result.stdoutText == "out\n")
        reaper.endAll()
    }
}
