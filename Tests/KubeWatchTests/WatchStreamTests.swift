#if canImport(Glibc)
import Glibc
#endif
import KubeModel
import KubeWatch
import Runtime
import Testing

/// WatchStream's list → watch → resume state machine over a scripted kubectl and
/// a test clock: what the end-to-end KubectlFailureTests pin, in milliseconds.
@Suite struct WatchStreamTests {
    /// The first backoff delay: 0.5 s drawn from its upper half.
    private let firstBackoff = 0.25...0.5

    @Test func listsThenWatchesFromTheListThenResumesFromTheLastVersionSeen() throws {
        let h = StreamHarness()
        h.start()
        #expect(h.kubectl.runs.map(\.arguments) == [h.listArguments])
        #expect(h.details(.started) == ["list"])

        let list = h.kubectl.last
        list.print(Kube.list(version: "100", pods: [Kube.pod("a", version: "99")]))
        // Reaped before its output is read: the stream still reads it to the end first.
        list.exit(.exited(0))
        h.deliver()
        #expect(h.events.isEmpty)
        list.closeWriters()
        h.deliver()
        let replaced = try #require(h.events.first)
        #expect(replaced.time == h.wall, "stamped by the injected wall clock")
        guard case .replaced(let objects, "100") = replaced.change else {
            Issue.record("expected the list as one replace at 100, got \(replaced.change)")
            return
        }
        #expect(objects.count == 1)
        #expect(h.stream.hasListed)
        #expect(h.secondsToNextDeadline == 0, "the watch opens at once")

        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.watchArguments(from: "100"))
        #expect(h.details(.started).last == "watch from resourceVersion 100")
        let watch = h.kubectl.last
        watch.print(Kube.event("ADDED", Kube.pod("b", version: "101")) + Kube.event("MODIFIED", Kube.pod("b", version: "105")))
        h.deliver()
        #expect(h.events.count == 3)
        #expect(h.stream.resourceVersion == "105")

        // The server ends the watch after a healthy while: output ends, then kubectl is reaped.
        h.advance(5)
        watch.closeWriters()
        h.deliver()
        #expect(h.details(.ended).isEmpty, "not over until kubectl has been reaped")
        #expect(h.stream.nextDeadline == nil)
        watch.exit(.exited(0))
        #expect(h.details(.ended) == ["the server closed the watch"])
        #expect(h.secondsToNextDeadline == 0, "a healthy watch resumes at once")
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.watchArguments(from: "105"))
        #expect(h.kubectl.runs.count == 3)
        #expect(h.stream.lastFailure == nil)
    }

    @Test func aWatchThatEndsAtOnceResumesAfterTheBackoff() {
        let h = StreamHarness()
        let watch = h.listAndWatch(version: "100")
        watch.finish(.exited(0))
        h.deliver()
        #expect(h.details(.ended) == ["the server closed the watch"])
        #expect(h.secondsToNextDeadline.map(firstBackoff.contains) == true, "\(String(describing: h.secondsToNextDeadline))")
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.watchArguments(from: "100"))
    }

    @Test func bookmarksMoveTheVersionAWatchResumesFrom() {
        let h = StreamHarness()
        let watch = h.listAndWatch(version: "100")
        watch.print(Kube.bookmark(version: "300"))
        h.deliver()
        #expect(h.stream.resourceVersion == "300")
        #expect(h.events.count == 1, "a bookmark is not a change")
        h.advance(2)
        watch.finish(.exited(0))
        h.deliver()
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.watchArguments(from: "300"))
    }

    @Test func anExpiredErrorEventListsAgainAtOnce() {
        let h = StreamHarness()
        let watch = h.listAndWatch(version: "100")
        watch.print(Kube.expired)
        h.deliver()
        #expect(watch.terminated)
        #expect(h.stream.pollDescriptors.isEmpty)
        #expect(h.details(.error) == ["410 Expired: too old resource version: 100 (200); listing again"])
        #expect(h.stream.resourceVersion == nil)
        #expect(h.secondsToNextDeadline == 0)
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.listArguments)
    }

    @Test(arguments: ["Error from server (Expired): too old resource version: 100 (200)",
                      "error: watch failed: too old resource version: 100 (200)"])
    func anExpiredWatchOnStderrListsAgainAtOnce(line: String) {
        let h = StreamHarness()
        let watch = h.listAndWatch(version: "100")
        watch.printError("W1202 some warning\n" + line + "\n")
        watch.finish(.exited(1))
        h.deliver()
        #expect(h.details(.error) == [line])
        #expect(h.secondsToNextDeadline == 0)
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.listArguments)
    }

    @Test func anyOtherWatchFailureBacksOffAndResumesTheWatch() {
        let h = StreamHarness()
        let watch = h.listAndWatch(version: "100")
        let refused = "The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?"
        watch.printError(refused + "\n")
        watch.finish(.exited(1))
        h.deliver()
        #expect(h.details(.error) == [refused])
        #expect(h.stream.lastFailure == refused)
        #expect(h.secondsToNextDeadline.map(firstBackoff.contains) == true)
        #expect(h.stream.trouble(now: h.now) == refused + " — retrying in 1s")
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.watchArguments(from: "100"))
    }

    /// A refused connection to a server whose port holds "410" (127.0.0.1:41045: about
    /// one ephemeral port in 180) is no 410 Gone: a watch or a list refused so backs off
    /// like any failure, and the status line says the refusal. Both used to list again
    /// at once, hundreds of times a second, while the status line kept an older failure.
    @Test func aServerAddressHolding410IsNoExpiry() {
        let refused = "The connection to the server 127.0.0.1:41045 was refused - did you specify the right host or port?"
        let h = StreamHarness()
        let watch = h.listAndWatch(version: "100")
        watch.printError(refused + "\n")
        watch.finish(.exited(1))
        h.deliver()
        #expect(h.secondsToNextDeadline.map(firstBackoff.contains) == true)
        #expect(h.stream.trouble(now: h.now) == refused + " — retrying in 1s")
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.watchArguments(from: "100"))

        let list = StreamHarness()
        list.start()
        list.kubectl.last.printError(refused + "\n")
        list.kubectl.last.finish(.exited(1))
        list.deliver()
        #expect(list.secondsToNextDeadline.map(firstBackoff.contains) == true)
        #expect(list.stream.lastFailure == refused)
    }

    @Test func garbageInAWatchListsAgainAfterTheBackoff() throws {
        let h = StreamHarness()
        let watch = h.listAndWatch(version: "100")
        watch.print("<html><body>502 Bad Gateway</body></html>\n")
        h.deliver()
        #expect(watch.terminated)
        let error = try #require(h.details(.error).last)
        #expect(error.hasPrefix("kubectl printed something that is not JSON: "), "\(error)")
        #expect(error.hasSuffix("; listing again"), "\(error)")
        #expect(h.secondsToNextDeadline.map(firstBackoff.contains) == true)
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.listArguments)
    }

    @Test func aMalformedDocumentListsAgainAfterTheBackoff() {
        let h = StreamHarness()
        let watch = h.listAndWatch(version: "100")
        watch.print(#"{"type":"ADDED"}"# + "\n")
        h.deliver()
        #expect(watch.terminated)
        #expect(h.details(.error) == ["kubectl printed a malformed document: watch event ADDED without an object; listing again"])
        #expect(h.secondsToNextDeadline.map(firstBackoff.contains) == true)
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.listArguments)
    }

    @Test func aListSilentFor30SecondsIsEndedAndTriedAgain() {
        let h = StreamHarness()
        h.start()
        let list = h.kubectl.last
        #expect(h.secondsToNextDeadline == 30)
        h.advance(6)
        #expect(h.stream.trouble(now: h.now) == "no answer from kubectl for 6s (list)")
        h.fireDeadline()
        #expect(list.terminated)
        #expect(list.stdout < 0 && list.stderr < 0, "its pipes are let go")
        #expect(h.details(.error) == ["no answer from kubectl in 30s (list)"])
        #expect(h.stream.lastFailure == "no answer from kubectl in 30s (list)")
        #expect(h.secondsToNextDeadline.map(firstBackoff.contains) == true)
        h.fireDeadline()
        #expect(h.kubectl.runs.count == 2)
        #expect(h.kubectl.last.arguments == h.listArguments)
        // The ended kubectl reaped late changes nothing.
        list.exit(.signalled(SIGTERM))
        #expect(h.kubectl.runs.count == 2)
        #expect(h.details(.error).count == 1)
    }

    @Test func anUnusableListSaysWhatItBeganWith() throws {
        let h = StreamHarness()
        h.start()
        h.kubectl.last.print("<html><body>Bad Gateway</body></html>")
        h.kubectl.last.finish(.exited(0))
        h.deliver()
        let error = try #require(h.details(.error).first)
        #expect(error.hasPrefix("unusable list from kubectl: "), "\(error)")
        #expect(error.hasSuffix(" (it began: <html><body>Bad Gateway</body></html>)"), "\(error)")
        #expect(!h.stream.hasListed)
        #expect(h.events.isEmpty)
        #expect(h.secondsToNextDeadline.map(firstBackoff.contains) == true)
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.listArguments)
    }

    @Test func aMissingKubectlIsNamedWithWhatToDo() {
        let h = StreamHarness()
        h.kubectl.refusal = SpawnError(executable: "/usr/bin/kubectl", errno: ENOENT)
        h.start()
        #expect(h.details(.error) == ["/usr/bin/kubectl: not found (install kubectl, or pass --kubectl PATH)"])
        #expect(h.stream.trouble(now: h.now) == "/usr/bin/kubectl: not found (install kubectl, or pass --kubectl PATH) — retrying in 1s")
    }

    @Test func stopAsksKubectlToEndAndHearsNothingMore() {
        let h = StreamHarness()
        h.start()
        let list = h.kubectl.last
        h.stream.stop()
        #expect(list.terminated)
        #expect(h.stream.pollDescriptors.isEmpty)
        #expect(h.stream.nextDeadline == nil)
        list.exit(.signalled(SIGTERM))
        #expect(h.kubectl.runs.count == 1)
        #expect(h.details(.error).isEmpty)
    }
}
