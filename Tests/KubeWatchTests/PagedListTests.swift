import KubeModel
@testable import KubeWatch
import Runtime
import Testing

/// Lists read in pages, as client-go's pager reads them: each page goes on as it
/// arrives, the watch starts from the list's version once the last is in, and an
/// expired continue token starts the list again from its first page.
@Suite struct PagedListTests {
    func finish(_ run: ScriptedRun, printing text: String, _ h: StreamHarness) {
        run.print(text)
        run.closeWriters()
        run.exit(.exited(0))
        h.deliver()
    }

    func pageArguments(_ h: StreamHarness, _ token: String?) -> [String] {
        ["get", "--raw", h.request.listPagePath(limit: WatchStream.pageSize, continuing: token)]
    }

    /// With documents kept for a recorder (a tree each), and decoded straight from their bytes.
    @Test(arguments: [true, false])
    func pagesGoOnAsTheyArriveAndTheWatchStartsAfterTheLast(keepsDocuments: Bool) throws {
        let h = StreamHarness(keepsDocuments: keepsDocuments)
        h.start()
        #expect(h.kubectl.last.arguments == pageArguments(h, nil))
        #expect(h.kubectl.last.arguments.last?.contains("limit=500") == true)
        finish(h.kubectl.last, printing: Kube.page(version: "100", pods: [Kube.pod("a", version: "90")], next: "t1"), h)
        guard case .listPage(let first, "100", 1, "t1")? = h.events.last?.change else {
            Issue.record("page 1 of a list, more to come: \(String(describing: h.events.last?.change))")
            return
        }
        #expect(first.count == 1)
        #expect(!h.stream.hasListed, "not listed until the last page is in")

        h.fireDeadline()
        #expect(h.kubectl.last.arguments == pageArguments(h, "t1"))
        finish(h.kubectl.last, printing: Kube.page(version: "100", pods: [Kube.pod("b", version: "91")], next: nil), h)
        guard case .listPage(_, "100", 2, nil)? = h.events.last?.change else {
            Issue.record("page 2, the last: \(String(describing: h.events.last?.change))")
            return
        }
        #expect(h.stream.hasListed)
        #expect(h.details(.started) == ["list"], "the further pages are the same list, not restarts")

        h.fireDeadline()
        #expect(h.kubectl.last.arguments == h.watchArguments(from: "100"))
    }

    @Test(arguments: [true, false])
    func anExpiredContinueTokenStartsTheListAgain(keepsDocuments: Bool) throws {
        let h = StreamHarness(keepsDocuments: keepsDocuments)
        h.start()
        finish(h.kubectl.last, printing: Kube.page(version: "100", pods: [Kube.pod("a", version: "90")], next: "t1"), h)
        h.fireDeadline()
        let second = h.kubectl.last
        second.printError("Error from server (Expired): The provided continue parameter is too old to display a consistent list result.\n")
        second.closeWriters()
        second.exit(.exited(1))
        h.deliver()
        #expect(h.secondsToNextDeadline == 0, "at once, not after a backoff")
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == pageArguments(h, nil), "from the first page")
        finish(h.kubectl.last, printing: Kube.list(version: "120", pods: [Kube.pod("a", version: "95")]), h)
        guard case .replaced(_, "120")? = h.events.last?.change else {
            Issue.record("a list of one page is the whole list: \(String(describing: h.events.last?.change))")
            return
        }
        #expect(h.stream.hasListed)
    }

    @Test func aFailedResponseReadsAsKubectlPrintsIt() {
        let forbidden = Array(#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods is forbidden: User \"ci\" cannot list resource \"pods\"","reason":"Forbidden","code":403}"#.utf8)
        #expect(ProxyTransfer.failure(status: 403, body: forbidden)
                == #"Error from server (Forbidden): pods is forbidden: User "ci" cannot list resource "pods""#)
        #expect(ProxyTransfer.failure(status: 500, body: Array("dial tcp 127.0.0.1:6443: connect: connection refused\n".utf8))
                == "The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?")
        #expect(ProxyTransfer.failure(status: 502, body: Array("upstream gone\n".utf8)) == "upstream gone")
        #expect(ProxyTransfer.failure(status: 503, body: []) == "the API server answered 503")
    }
}
