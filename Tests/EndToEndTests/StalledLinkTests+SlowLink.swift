#if canImport(Glibc)
import Glibc
#endif
import KubeModel
import Runtime
import Testing
import TestSupport

/// Issue 17, part 1, for a terminal that is slow rather than stopped: the same SSH
/// session through a relay (`SlowLink`) that carries the far side's output at 960 bytes
/// a second (9600 baud) and keys at full speed. sshd takes the far side's output until
/// its channel window and socket buffers are full (about 1.1 MB here), then reads the
/// pty only as fast as the link drains them, if at all: from then on the view's writes
/// would block. SIGWINCH repaints fill them in about 2 s.
extension EndToEndAlone.StalledLinkTests {
    @Test func aSlowLinkNeverStallsIngestDrawsNoFrameItCannotSendAndQIsAnsweredAtOnce() throws {
        // 50 pods flipping 200 times a second: every row of the screen changes four times
        // a second, so the view has far more to draw than 9600 baud carries.
        let far = try FarSide(scenario: .churning(pods: 50, rate: 200, seconds: 90), waitingFor: "web-aaa-1", slowLink: true)
        let link = try #require(far.link)
        let sshd = try #require(far.sshdSession)
        #expect(waitUntil(timeout: 30) { far.podsSent() > 50 }, "the churn started")

        // What the view draws over a free link, for comparison: 3 s of the churn.
        let freeStart = MonotonicInstant.now()
        let drawnFreeStart = far.drawnBytes()
        _ = waitUntil(timeout: 10) { MonotonicInstant.now().seconds - freeStart.seconds >= 3 }
        let drawnFree = Double(far.drawnBytes() - drawnFreeStart) / (MonotonicInstant.now().seconds - freeStart.seconds)

        let slowStart = Timestamp.now()
        let sentAtStart = far.podsSent()
        let filled = far.slowAndFill()
        #expect(filled != nil, "sshd stopped reading the far side's pty (its channel window spent)")
        let fullAfter = Timestamp.now().seconds(since: slowStart)
        let drawnAtFull = far.drawnBytes()
        let takenAtFull = Processes.bytesMoved(sshd)?.read ?? 0
        let carriedAtFull = link.bytesDown
        print("slow link full \(fullAfter) s after slowing it: sshd had read \(filled ?? 0) bytes in all; a free link drew \(Int(drawnFree)) bytes/s")

        // 20 s at 9600 baud while the stand-in churns; the far side must keep reading kubectl.
        _ = waitUntil(timeout: 40) { Timestamp.now().seconds(since: slowStart) >= 20 }
        #expect(kill(far.rollwatch, 0) == 0, "the far side runs on")
        let slowEnd = Timestamp.now()
        let sent = far.podsSent() - sentAtStart
        let drawnSlow = far.drawnBytes() - drawnAtFull
        let takenSlow = (Processes.bytesMoved(sshd)?.read ?? 0) - takenAtFull
        let rate = Double(link.bytesDown - carriedAtFull) / (slowEnd.seconds(since: slowStart) - fullAfter)
        print("over \(slowEnd.seconds(since: slowStart)) s the link carried \(Int(rate)) bytes/s;"
              + " after it filled the view drew \(drawnSlow) bytes, sshd took \(takenSlow) from its pty")

        // q crosses at full speed; the far side ends, its recording closed and kubectl gone, at once.
        #expect(far.holdsRecordingOpen(), "the far side records (its recording open)")
        far.tmux.send("q")
        let pressed = MonotonicInstant.now()
        #expect(waitUntil(timeout: 10) { !far.holdsRecordingOpen() && kubectlChildren(of: far.standIn.kubeconfig).isEmpty },
                "q closes the recording and ends kubectl")
        let closed = MonotonicInstant.now().seconds - pressed.seconds
        #expect(waitUntilGone([far.rollwatch], timeout: 10), "q ends the far side")
        let gone = MonotonicInstant.now().seconds - pressed.seconds
        print("q: recording closed and no kubectl \(closed) s after, far side gone \(gone) s after")
        #expect(closed < 0.5, "the recording closed and kubectl ended at once (\(closed) s after q)")
        // The terminal's last bytes get a second, the closing line a quarter more: then they are dropped.
        #expect(gone < 2, "the far side ended within 2 s of q (\(gone) s)")
        #expect((readText(far.recording) ?? "").contains(#""src":"pods","stream":"ended""#), "the recording ends in order")

        let times = far.podEventTimes().filter { $0 >= slowStart && $0 <= slowEnd }
        let edges = [slowStart] + times + [slowEnd]
        let gap = zip(edges, edges.dropFirst()).map { $1.seconds(since: $0) }.max() ?? 99
        print("during the \(slowEnd.seconds(since: slowStart)) s at 9600 baud: the stand-in sent \(sent) pod events,"
              + " \(times.count) recorded, longest gap \(gap) s")
        #expect(gap <= 1, "no gap over 1 s in the recording's receive times on the slow link (longest \(gap) s)")
        #expect(sent >= 2000 && Double(times.count) >= 0.95 * Double(sent),
                "as many recorded on the slow link as the stand-in sent: \(times.count) of \(sent)")

        #expect(rate <= Double(link.rate) * 1.1, "the link stayed slow: \(rate) bytes/s")
        // Frames are dropped, not queued. The pty was full when the link filled, so what went
        // to the tty since is at most what sshd took from it; a frame is drawn (into the
        // memory file) only once the last one went out, so what was drawn is at most that
        // plus one frame. A view that drew every frame and queued it draws what a free link
        // draws (~29 KB/s here); one that wrote blocking draws nothing but stops reading kubectl.
        let bound = 2 * takenSlow + Self.wholeRepaint
        print("drawn \(drawnSlow) bytes on the slow link, bound \(bound); a free link would have drawn \(Int(drawnFree * slowEnd.seconds(since: slowStart)))")
        #expect(drawnSlow <= bound, "drew \(drawnSlow) bytes on a link that took \(takenSlow) (bound \(bound))")
    }

    /// A crash (a Swift trap, SIGSEGV) while the slow link is full: the crash path
    /// restores the tty's modes and sends the reset bytes, which must not wait for a pty
    /// that sshd does not read, or the dying far side hangs there with its kubectl.
    @Test func aCrashOnAFullSlowLinkEndsTheFarSideAtOnce() throws {
        let far = try FarSide(scenario: .churning(pods: 50, rate: 200, seconds: 60), waitingFor: "web-aaa-1", slowLink: true)
        #expect(waitUntil(timeout: 30) { far.podsSent() > 50 }, "the churn started")
        #expect(far.slowAndFill() != nil, "sshd stopped reading the far side's pty")
        kill(far.rollwatch, SIGSEGV)
        let crashed = MonotonicInstant.now()
        #expect(waitUntilGone([far.rollwatch], timeout: 10), "the far side dies of its crash")
        let gone = MonotonicInstant.now().seconds - crashed.seconds
        print("crash on a full slow link: far side gone \(gone) s after SIGSEGV")
        #expect(gone < 1, "the crash path does not wait for the tty (\(gone) s)")
        // The crash leaves its `kubectl proxy` behind (nothing ends it; not this test's concern): end it.
        for pid in kubectlChildren(of: far.standIn.kubeconfig) { kill(pid, SIGKILL) }
    }

    /// Room for one frame: a whole 200×60 repaint (12,000 cells and their colours) stays under it.
    static let wholeRepaint = 64 << 10
}

extension EndToEndAlone.StalledLinkTests.FarSide {
    /// Pod watch events the stand-in has sent so far.
    func podsSent() -> Int {
        ((try? standIn.requests()) ?? [:])["pods sent", default: 0]
    }

    /// Bytes the far side wrote other than to its recording: every frame twice, once
    /// as ncurses draws it into the memory file and once as it goes to the tty.
    func drawnBytes() -> Int {
        var status = stat()
        let recorded = stat(recording, &status) == 0 ? Int(status.st_size) : 0
        return (Processes.bytesMoved(rollwatch)?.written ?? 0) - recorded
    }

    /// Whether the far side still has its recording open (false once it is gone).
    func holdsRecordingOpen() -> Bool {
        guard let directory = opendir("/proc/\(rollwatch)/fd") else { return false }
        defer { closedir(directory) }
        var link = [CChar](repeating: 0, count: 4096)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let count = readlink("/proc/\(rollwatch)/fd/\(name)", &link, link.count - 1)
            if count > 0, String(decoding: link[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) == recording { return true }
        }
        return false
    }
}
