import KubeModel
import KubeWatch
import Runtime
import Testing

/// LogStream's follow → resume → dedupe state machine over a scripted kubectl and a
/// test clock: what the end-to-end LogStreamEndToEndTests pin, in milliseconds.
@Suite struct LogStreamTests {
    /// The first delay of the backoffs: 0.5 s drawn from its upper half.
    private let firstBackoff = 0.25...0.5
    static let waitingLine = #"Error from server (BadRequest): container "istio-proxy" in pod "web-1" is waiting to start: PodInitializing"#

    static func stamp(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    @Test func thePathAsksToFollowWithStampsFromTheSecondGiven() {
        let request = LogStreamRequest(namespace: "shop", pod: "web-1", container: "istio-proxy")
        #expect(request.path(since: nil) == "/api/v1/namespaces/shop/pods/web-1/log?container=istio-proxy&follow=true&timestamps=true")
        #expect(request.path(since: Self.stamp("2026-12-02T08:00:01.999999Z"))
                == "/api/v1/namespaces/shop/pods/web-1/log?container=istio-proxy&follow=true&timestamps=true&sinceTime=2026-12-02T08%3A00%3A01Z")
        let odd = LogStreamRequest(namespace: "a b", pod: "p/q", container: "c&d")
        #expect(odd.path(since: nil) == "/api/v1/namespaces/a%20b/pods/p%2Fq/log?container=c%26d&follow=true&timestamps=true")
    }

    @Test func linesAreFramedAcrossReadsWithTheKubeletsStamps() throws {
        let h = LogStreamHarness()
        h.start()
        #expect(h.kubectl.runs.map(\.arguments) == [h.arguments()])
        #expect(h.details(.started) == ["log"])
        #expect(h.notices.first?.transport == "exec")
        let run = h.kubectl.last
        run.print("2026-12-02T08:00:01.123456789Z [2026-12-02T08:00:01.120Z] \"GET / HTTP/1.1\" 200 - via_upstream\n2026-12-02T08:00:01.2")
        h.deliver()
        #expect(h.texts == [#"[2026-12-02T08:00:01.120Z] "GET / HTTP/1.1" 200 - via_upstream"#])
        run.print("Z second\n2026-12-02T08:00:02Z third\n")
        h.deliver()
        #expect(h.texts.count == 3)
        #expect(h.lines.map(\.stamp) == [Self.stamp("2026-12-02T08:00:01.123456Z"), Self.stamp("2026-12-02T08:00:01.2Z"),
                                         Self.stamp("2026-12-02T08:00:02Z")])
        #expect(h.texts.suffix(2) == ["second", "third"])
        #expect(h.stream.lastStamp == Self.stamp("2026-12-02T08:00:02Z"))
        #expect(h.stream.trouble(now: h.now) == nil)
    }

    @Test(arguments: [("2026-12-02T08:00:01.5+01:00 x", "2026-12-02T07:00:01.5Z", "x"),
                      ("2026-12-02T08:00:01Z ", "2026-12-02T08:00:01Z", ""),
                      ("2026-12-02T08:00:01.000000001Z  two spaces", "2026-12-02T08:00:01Z", " two spaces")])
    func stampsAreParsedAsTheKubeletWritesThem(line: String, stamp: String, text: String) {
        let h = LogStreamHarness()
        h.start()
        h.kubectl.last.print(line + "\n")
        h.deliver()
        #expect(h.lines == [LogLine(stamp: Self.stamp(stamp), text: Array(text.utf8))])
    }

    @Test func aLineWithoutAStampIsKeptWithItsReceiveTime() {
        let h = LogStreamHarness()
        h.start()
        h.kubectl.last.print("no stamp here\n2026-13-02T08:00:01Z bad month\n\n")
        h.deliver()
        #expect(h.lines == [LogLine(stamp: h.wall, text: Array("no stamp here".utf8)),
                            LogLine(stamp: h.wall, text: Array("2026-13-02T08:00:01Z bad month".utf8)),
                            LogLine(stamp: h.wall, text: [])])
        #expect(h.stream.lastStamp == nil, "only the kubelet's stamps say where to resume")
    }

    @Test func aResumedLogDropsTheLinesItSendsAgainEvenAtTheSameStamp() {
        let h = LogStreamHarness()
        h.start()
        let first = h.kubectl.last
        first.print("2026-12-02T08:00:09.9Z before\n2026-12-02T08:00:10.1Z a\n2026-12-02T08:00:10.2Z b\n2026-12-02T08:00:10.2Z c\n")
        h.deliver()
        h.advance(5)
        first.finish(.exited(0))
        h.deliver()
        #expect(h.details(.closed).count == 1)
        #expect(h.secondsToNextDeadline.map(firstBackoff.contains) == true, "a long body resumes after the first delay")
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.arguments(since: "2026-12-02T08:00:10Z"), "the last stamp, to the second")
        #expect(h.details(.started).last == "log since 2026-12-02T08:00:10Z")
        // The kubelet sends every line of that second again, then what is new.
        h.kubectl.last.print("2026-12-02T08:00:10.1Z a\n2026-12-02T08:00:10.2Z b\n2026-12-02T08:00:10.2Z c\n"
                             + "2026-12-02T08:00:10.2Z d\n2026-12-02T08:00:11Z e\n2026-12-02T08:00:10.5Z f\n")
        h.deliver()
        #expect(h.texts == ["before", "a", "b", "c", "d", "e", "f"], "no gap, no duplicate, and a late line after new ones kept")
        #expect(h.stream.repeatsDropped == 3)
        #expect(h.stream.lastStamp == Self.stamp("2026-12-02T08:00:11Z"))
    }

    @Test func linesBeforeSinceAreDropped() {
        let h = LogStreamHarness(since: Self.stamp("2026-12-02T08:00:10.5Z"))
        h.start()
        #expect(h.kubectl.last.arguments == h.arguments(since: "2026-12-02T08:00:10Z"))
        h.kubectl.last.print("2026-12-02T08:00:10.2Z old\n2026-12-02T08:00:10.5Z at\n2026-12-02T08:00:10.7Z new\n")
        h.deliver()
        #expect(h.texts == ["at", "new"])
    }

    @Test func aTornLastLineIsDroppedAndComesBackWhole() {
        let h = LogStreamHarness()
        h.start()
        h.kubectl.last.print("2026-12-02T08:00:10Z whole\n2026-12-02T08:00:11Z to")
        h.deliver()
        h.advance(2)
        h.kubectl.last.finish(.exited(1))
        h.deliver()
        h.fireDeadline()
        h.kubectl.last.print("2026-12-02T08:00:10Z whole\n2026-12-02T08:00:11Z torn no more\n")
        h.deliver()
        #expect(h.texts == ["whole", "torn no more"])
    }

    @Test func anOverlongLineIsDroppedAsItStreamsAndCounted() {
        let h = LogStreamHarness(maximumLineBytes: 100)
        h.start()
        let run = h.kubectl.last
        run.print("2026-12-02T08:00:10Z short\n2026-12-02T08:00:11Z ")
        for _ in 0..<50 {
            run.print(String(repeating: "x", count: 1000))
            h.deliver()
        }
        run.print("\n2026-12-02T08:00:12Z after\n")
        h.deliver()
        #expect(h.texts == ["short", "after"])
        #expect(h.overlongCount == 1)
        #expect(h.stream.lastStamp == Self.stamp("2026-12-02T08:00:12Z"))

        // Sent again on a resume from 08:00:11.x, it is known by its stamp and dropped.
        h.advance(5)
        run.finish(.exited(0))
        h.deliver()
        h.fireDeadline()
        h.kubectl.last.print("2026-12-02T08:00:11Z " + String(repeating: "y", count: 500) + "\n2026-12-02T08:00:12Z after\n2026-12-02T08:00:13Z new\n")
        h.deliver()
        #expect(h.overlongCount == 1)
        #expect(h.texts == ["short", "after", "new"])
    }

    @Test func theFramerHoldsNoMoreThanALineOfAnOverlongLine() {
        var framer = LogStreamFramer(maximumLineBytes: 100)
        framer.append(Array("2026-12-02T08:00:11Z ".utf8))
        #expect(framer.next() == nil)
        for _ in 0..<100 {
            framer.append([UInt8](repeating: UInt8(ascii: "x"), count: 4096))
            #expect(framer.next() == nil)
            #expect(framer.bufferedByteCount == 0, "its bytes are dropped as they come")
        }
        framer.append(Array("xx\nnext\n".utf8))
        guard case .overlong(let prefix, let length)? = framer.next() else { Issue.record("an overlong line"); return }
        #expect(length == 21 + 100 * 4096 + 2)
        #expect(prefix.starts(with: Array("2026-12-02T08:00:11Z x".utf8)) && prefix.count == 40)
        #expect(framer.next() == .line(Array("next".utf8)[...]))
        #expect(framer.next() == nil)
        // A line just at the limit is whole; one byte more is not.
        framer.append(Array(String(repeating: "a", count: 100).utf8) + [10] + Array(String(repeating: "b", count: 101).utf8) + [10])
        #expect(framer.next() == .line(Array(String(repeating: "a", count: 100).utf8)[...]))
        #expect(framer.next() == .overlong(prefix: Array(String(repeating: "b", count: 40).utf8), length: 101))
        framer.append(Array("cut".utf8))
        #expect(framer.next() == nil)
        #expect(framer.finish() == 3)
    }

    @Test func aContainerStillStartingIsAskedAgainSoonAndQuietly() {
        let h = LogStreamHarness()
        h.start()
        h.kubectl.last.printError(Self.waitingLine + "\n")
        h.kubectl.last.finish(.exited(1))
        h.deliver()
        #expect(h.details(.waiting) == [String(Self.waitingLine)])
        #expect(h.details(.error).isEmpty)
        #expect(h.stream.trouble(now: h.now) == "waiting for the container to start")
        #expect(h.secondsToNextDeadline.map(firstBackoff.contains) == true)
        var delays: [Double] = []
        for _ in 0..<8 {
            h.fireDeadline()
            #expect(h.stream.trouble(now: h.now) == "waiting for the container to start")
            h.kubectl.last.printError(Self.waitingLine + "\n")
            h.kubectl.last.finish(.exited(1))
            h.deliver()
            delays.append(h.secondsToNextDeadline ?? -1)
        }
        #expect(delays.allSatisfy { $0 > 0 && $0 <= 5 }, "capped at 5 s: \(delays)")
        #expect(h.details(.waiting).count == 1 && h.details(.started).count == 1, "retries say nothing new")

        h.fireDeadline()
        h.kubectl.last.print("2026-12-02T08:00:10Z up\n")
        h.deliver()
        #expect(h.texts == ["up"])
        #expect(h.stream.trouble(now: h.now) == nil)
        #expect(h.kubectl.runs.count == 10)
    }

    @Test func anEmptyLogAtOnceIsAPodWithoutANodeYet() {
        let h = LogStreamHarness()
        h.start()
        h.kubectl.last.finish(.exited(0))
        h.deliver()
        #expect(h.details(.waiting) == ["the API server sent an empty log: the pod has no node yet"])
        #expect(h.details(.closed).isEmpty)
        #expect(h.stream.trouble(now: h.now) == "waiting for the container to start")
        #expect(h.secondsToNextDeadline.map(firstBackoff.contains) == true)
        // Then init containers run: the kubelet's 400s, said once more as their words differ.
        h.fireDeadline()
        h.kubectl.last.printError(Self.waitingLine + "\n")
        h.kubectl.last.finish(.exited(1))
        h.deliver()
        #expect(h.details(.waiting).count == 2 && h.details(.started).count == 1)
    }

    @Test func aBodyOfRepeatsEndingAtOnceBacksOff() {
        // A crash-looping container: each request gets the last instance's log again, and its end.
        let h = LogStreamHarness()
        h.start()
        h.kubectl.last.print("2026-12-02T08:00:10Z crashed\n")
        h.deliver()
        h.advance(5)
        h.kubectl.last.finish(.exited(0))
        h.deliver()
        var delays: [Double] = []
        for _ in 0..<6 {
            h.fireDeadline()
            h.kubectl.last.print("2026-12-02T08:00:10Z crashed\n")
            h.kubectl.last.finish(.exited(0))
            h.deliver()
            delays.append(h.secondsToNextDeadline ?? -1)
        }
        #expect(h.texts == ["crashed"])
        #expect(delays.last.map { $0 >= 8 } == true, "backing off towards 30 s: \(delays)")
        #expect(h.details(.closed).count == 7)
    }

    @Test func aPodThatIsGoneEndsTheStream() {
        let h = LogStreamHarness()
        h.start()
        h.kubectl.last.printError(#"Error from server (NotFound): pods "web-1" not found"# + "\n")
        h.kubectl.last.finish(.exited(1))
        h.deliver()
        #expect(h.details(.ended) == [#"Error from server (NotFound): pods "web-1" not found"#])
        #expect(h.stream.isStopped)
        #expect(h.stream.nextDeadline == nil && h.stream.pollDescriptors.isEmpty)
        #expect(h.stream.trouble(now: h.now) == nil)
        h.stream.start(now: h.now)
        #expect(h.stream.nextDeadline == nil, "stopped for good")
    }

    @Test func anyOtherFailureBacksOffWithTheWordsOnTrouble() {
        let h = LogStreamHarness()
        h.start()
        h.kubectl.last.printError("error: You must be logged in to the server (Unauthorized)\n")
        h.kubectl.last.finish(.exited(1))
        h.deliver()
        #expect(h.details(.error) == ["error: You must be logged in to the server (Unauthorized)"])
        #expect(h.stream.trouble(now: h.now) == "error: You must be logged in to the server (Unauthorized) — retrying in 1s")
        h.fireDeadline()
        #expect(h.stream.trouble(now: h.now) == "error: You must be logged in to the server (Unauthorized) — retrying now")
        h.kubectl.last.finish(.exited(1))
        h.deliver()
        #expect(h.secondsToNextDeadline.map((0.5...1.0).contains) == true, "the second delay doubles")
        h.fireDeadline()
        h.kubectl.last.print("2026-12-02T08:00:10Z back\n")
        h.deliver()
        #expect(h.stream.trouble(now: h.now) == nil && h.stream.lastFailure == nil)
    }

    @Test(arguments: [(#"Error from server (BadRequest): container "istio-proxy" in pod "p" is waiting to start: ContainerCreating"#, true),
                      (#"Error from server (BadRequest): container "istio-proxy" in pod "p" is waiting to start - no logs yet"#, true),
                      (#"Error from server (BadRequest): container "istio-proxy" in pod "p" is not available"#, true),
                      (#"Error from server (BadRequest): container istio-proxy is not valid for pod p"#, false),
                      ("error: the server doesn't have a resource type \"pods\"", false)])
    func whatCountsAsAContainerNotStarted(words: String, starting: Bool) {
        let h = LogStreamHarness()
        h.start()
        h.kubectl.last.printError(words + "\n")
        h.kubectl.last.finish(.exited(1))
        h.deliver()
        #expect(h.details(starting ? .waiting : .error) == [words])
        #expect(!h.stream.isStopped)
    }

    @Test func theAPIServersBare404EndsTheStreamToo() {
        // Through the proxy, a 404 without a Status body reads as this.
        let transport = EndingTransport()
        let h = LogStreamHarness(transport: transport)
        h.start()
        transport.transfers.last?.end(.failed("the API server answered 404"))
        #expect(h.details(.ended) == ["the API server answered 404"])
        #expect(h.stream.isStopped)
    }

    @Test func noticesAreTerminalSafe() {
        let h = LogStreamHarness()
        h.start()
        h.kubectl.last.printError("Error from server (InternalError): \u{1B}]0;owned\u{07}boom\u{1B}[2J\n")
        h.kubectl.last.finish(.exited(1))
        h.deliver()
        #expect(h.details(.error) == ["Error from server (InternalError): boom"])
    }

    @Test func aHandlerThatStopsTheStreamHearsNothingMore() {
        let h = LogStreamHarness { output, stream in
            if case .line = output { stream.stop() }
        }
        h.start()
        h.kubectl.last.print("2026-12-02T08:00:10Z one\n2026-12-02T08:00:11Z two\n")
        h.deliver()
        #expect(h.texts == ["one"])
        #expect(h.kubectl.last.terminated)
        #expect(h.stream.isStopped && h.stream.pollDescriptors.isEmpty)
    }

    @Test func aTransportNotReadyIsWaitedFor() throws {
        let transport = NotReadyTransport()
        let h = LogStreamHarness(transport: transport)
        h.start()
        #expect(h.stream.trouble(now: h.now) == "waiting for kubectl proxy to serve")
        #expect(transport.opened.isEmpty)
        transport.isReady = true
        h.stream.transportIsReady(now: h.now)
        #expect(transport.opened == [h.request.path(since: nil)])
        #expect(h.details(.error) == ["kubectl proxy: no socket"])
    }
}

/// A transport whose transfers end when the test says, outside any read (as an exec
/// transfer's kubectl is reaped after its output ended).
private final class EndingTransport: StreamTransport {
    final class EndingTransfer: Transfer {
        var pollDescriptors: [Int32] { [] }
        private(set) var outcome: TransferOutcome?
        var onOutcome: (() -> Void)?
        func read(_ fd: Int32, appendingTo body: inout [UInt8]) -> Bool { false }
        func cancel() { onOutcome = nil }
        func end(_ outcome: TransferOutcome) {
            self.outcome = outcome
            onOutcome?()
        }
    }

    var transfers: [EndingTransfer] = []
    var name: String { "proxy" }
    var isReady: Bool { true }
    func notReadyReason(now: MonotonicInstant) -> String? { nil }
    func open(_ path: String) throws(TransferError) -> any Transfer {
        transfers.append(EndingTransfer())
        return transfers[transfers.count - 1]
    }
}

/// A transport that is not ready until the test says, and then refuses to connect.
private final class NotReadyTransport: StreamTransport {
    var isReady = false
    var opened: [String] = []
    var name: String { "proxy" }
    func notReadyReason(now: MonotonicInstant) -> String? { isReady ? nil : "waiting for kubectl proxy to serve" }
    func open(_ path: String) throws(TransferError) -> any Transfer {
        opened.append(path)
        throw TransferError("kubectl proxy: no socket")
    }
}
