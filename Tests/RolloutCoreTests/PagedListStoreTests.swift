import KubeModel
import RolloutCore
import Testing

/// A list read in pages: each page's pods are in the store as it arrives, and
/// what the whole list lacked is gone once the last page is in, as for a list
/// received whole; a list started again forgets the pages of the one before.
@Suite struct PagedListStoreTests {
    func page(_ pods: [String], number: Int, last: Bool, at seconds: Double) -> WatchEvent {
        StoreTests.event(.pods, .listPage(pods.map { StoreTests.pod($0) }, resourceVersion: "20", number: number, next: last ? nil : "t\(number + 1)"), at: seconds)
    }

    @Test func theLastPageRemovesWhatNoPageListed() {
        var store = Store()
        store.apply(StoreTests.event(.pods, .replaced(["a", "b", "c"].map { StoreTests.pod($0) }, resourceVersion: "9"), at: 1))
        store.apply(page(["a", "d"], number: 1, last: false, at: 5))
        #expect(StoreTests().live(store) == ["a", "b", "c", "d"], "page 1 is taken at once; nothing is gone yet")
        store.apply(page(["c"], number: 2, last: true, at: 6))
        #expect(StoreTests().live(store) == ["a", "c", "d"], "b was in no page: gone")
        let gone = store.orderedPods.first { $0.podName.name == "b" }
        #expect(gone?.removedAt == StoreTests.at(6))
    }

    @Test func aListStartedAgainForgetsTheOneCutShort() {
        var store = Store()
        store.apply(StoreTests.event(.pods, .replaced(["a", "b"].map { StoreTests.pod($0) }, resourceVersion: "9"), at: 1))
        store.apply(page(["a"], number: 1, last: false, at: 2))
        // The continue token expired: the list starts over and lists b only.
        store.apply(page(["b"], number: 1, last: false, at: 3))
        store.apply(page([], number: 2, last: true, at: 4))
        #expect(StoreTests().live(store) == ["b"], "a was listed only by the list cut short")
    }

    @Test func pagesGiveTheStateTheWholeListGives() {
        var paged = Store()
        var whole = Store()
        let names = (0..<7).map { "p\($0)" }
        whole.apply(StoreTests.event(.pods, .replaced(names.map { StoreTests.pod($0) }, resourceVersion: "20"), at: 1))
        paged.apply(page(Array(names[0..<3]), number: 1, last: false, at: 1))
        paged.apply(page(Array(names[3..<6]), number: 2, last: false, at: 1))
        paged.apply(page(Array(names[6...]), number: 3, last: true, at: 1))
        // The same records, but for the store's event count each carries (three pages, one list).
        func records(_ store: Store) -> [String] { store.orderedPods.map { "\($0.uid) \($0.timeline) \(String(describing: $0.removedAt))" } }
        #expect(records(paged) == records(whole))
    }
}
