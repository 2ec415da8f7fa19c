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

        #expect(h.kubectl.runs.count == 2, "the next page was asked for at once")
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

    /// The next page is asked for once the current page's `metadata.continue` has
    /// arrived, before the page's items; a page that is in first still waits its turn.
    @Test(arguments: [true, false])
    func theNextPageIsAskedForOnceTheContinueTokenArrivesAndPagesStayInOrder(keepsDocuments: Bool) throws {
        let h = StreamHarness(keepsDocuments: keepsDocuments)
        h.start()
        let first = h.kubectl.last
        let page1 = Kube.page(version: "100", pods: [Kube.pod("a", version: "90")], next: "t1")
        let (head, items) = splitAtItems(page1)
        first.print(String(head.dropLast(8)))
        h.deliver()
        #expect(h.kubectl.runs.count == 1, "the token is not whole yet: nothing asked for")
        first.print(String(head.suffix(8)))
        h.deliver()
        #expect(h.kubectl.runs.count == 2, "page 2 asked for while page 1 is still arriving")
        let second = h.kubectl.last
        #expect(second.arguments == pageArguments(h, "t1"))
        #expect(h.events.isEmpty)

        finish(second, printing: Kube.page(version: "100", pods: [Kube.pod("b", version: "91")], next: "t2"), h)
        #expect(h.events.isEmpty, "page 2 is in first but waits for page 1")
        #expect(h.kubectl.runs.count == 2, "page 3 only once page 2 has its turn")

        finish(first, printing: items, h)
        let pages = h.events.compactMap { event -> Int? in
            if case .listPage(_, _, let number, _) = event.change { return number } else { return nil }
        }
        #expect(pages == [1, 2], "applied in order")
        #expect(h.kubectl.runs.count == 3)
        #expect(h.kubectl.last.arguments == pageArguments(h, "t2"))
        finish(h.kubectl.last, printing: Kube.page(version: "100", pods: [], next: nil), h)
        #expect(h.stream.hasListed)
        #expect(h.details(.started) == ["list"])
    }

    @Test(arguments: [true, false])
    func anExpiredContinueTokenStartsTheListAgain(keepsDocuments: Bool) throws {
        let h = StreamHarness(keepsDocuments: keepsDocuments)
        h.start()
        finish(h.kubectl.last, printing: Kube.page(version: "100", pods: [Kube.pod("a", version: "90")], next: "t1"), h)
        let second = h.kubectl.last
        expire(second, h)
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

    /// Page 2, asked for ahead, answers 410 while page 1 is still arriving: page 1 is
    /// applied whole, then the list starts again from its first page, at once.
    @Test func anExpiredPageAheadStartsTheListAgainAfterTheCurrentPage() throws {
        let h = StreamHarness()
        h.start()
        let first = h.kubectl.last
        let page1 = Kube.page(version: "100", pods: [Kube.pod("a", version: "90")], next: "t1")
        let (head, items) = splitAtItems(page1)
        first.print(head)
        h.deliver()
        let second = h.kubectl.last
        #expect(second.arguments == pageArguments(h, "t1"))
        expire(second, h)
        #expect(h.events.isEmpty)
        #expect(h.notices.allSatisfy { $0.kind != .error }, "said when its turn comes, not before")

        finish(first, printing: items, h)
        guard case .listPage(_, "100", 1, "t1")? = h.events.last?.change else {
            Issue.record("page 1 applied: \(String(describing: h.events.last?.change))")
            return
        }
        #expect(h.details(.error).contains { $0.contains("Expired") })
        #expect(h.secondsToNextDeadline == 0, "at once, not after a backoff")
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == pageArguments(h, nil), "from the first page")
        #expect(!h.stream.hasListed)
    }

    /// A page that fails drops the page asked for ahead: no kubectl is left reading a list no one applies.
    @Test func aFailedPageEndsThePageAhead() throws {
        let h = StreamHarness()
        h.start()
        let first = h.kubectl.last
        let page1 = Kube.page(version: "100", pods: [Kube.pod("a", version: "90")], next: "t1")
        first.print(splitAtItems(page1).head)
        h.deliver()
        let second = h.kubectl.last
        #expect(second.arguments == pageArguments(h, "t1"))
        first.printError("error: unexpected EOF\n")
        first.closeWriters()
        first.exit(.exited(1))
        h.deliver()
        #expect(second.terminated, "the page ahead was ended")
        #expect(h.events.isEmpty)
        h.fireDeadline()
        #expect(h.kubectl.last.arguments == pageArguments(h, nil), "the list starts over")
    }

    /// A page as two prints: up to its `"items"` (the metadata whole), and the rest.
    func splitAtItems(_ page: String) -> (head: String, items: String) {
        let bytes = Array(page.utf8), key = Array(#""items":"#.utf8)
        let at = (0...(bytes.count - key.count)).first { Array(bytes[$0..<$0 + key.count]) == key }!
        return (String(decoding: bytes[..<at], as: UTF8.self), String(decoding: bytes[at...], as: UTF8.self))
    }

    func expire(_ run: ScriptedRun, _ h: StreamHarness) {
        run.printError("Error from server (Expired): The provided continue parameter is too old to display a consistent list result.\n")
        run.closeWriters()
        run.exit(.exited(1))
        h.deliver()
    }

    /// Every prefix of a page: nothing until `metadata` is whole, then its token,
    /// whatever comes before it; no token, or items first, means no page ahead.
    @Test func thePeekReadsTheTokenOnlyOnceTheMetadataIsWhole() {
        let page = Array(#"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"7","continue":"eyJ2Ijoi\u0041In0","remainingItemCount":1200},"items":[{"a":1}]}"#.utf8)
        let close = Array(#""items""#.utf8)
        let metadataEnd = (0..<page.count).first { Array(page[$0..<min(page.count, $0 + close.count)]) == close }! - 1
        for length in 0...page.count {
            let expected: ListPagePeek = length < metadataEnd ? .needMore : .next("eyJ2IjoiAIn0")
            #expect(ListPagePeek.of(Array(page[..<length])) == expected, "\(length) bytes")
        }
        #expect(ListPagePeek.of(Array(#"{"metadata":{"resourceVersion":"7","continue":""},"items":[]"#.utf8)) == .none)
        #expect(ListPagePeek.of(Array(#"{"metadata":{"resourceVersion":"7"},"#.utf8)) == .none)
        #expect(ListPagePeek.of(Array(#"{"items":[],"metadata":{"continue":"t"}}"#.utf8)) == .none)
        #expect(ListPagePeek.of(Array(#"<html>"#.utf8)) == .none)
        #expect(ListPagePeek.of(Array(repeating: UInt8(ascii: " "), count: ListPagePeek.limit)) == .none)
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
