import KubeModel
import RolloutCore

/// The failed requests no finding explains, as the findings list shows them under
/// the findings, kept between frames: asked of the ledger again only when its counts,
/// the findings or the second changed (an open finding's window grows with the clock),
/// and only while the list is on screen.
final class UnexplainedCache {
    private struct Key: Equatable {
        var lineage: ObjectIdentifier
        var revision: UInt64
        var generation: Int
        var stamp: UInt64
        var second: Int64
    }

    private var key: Key?
    private(set) var windows: [UnexplainedFailures] = []
    /// The uid of each window's pod (its latest instance), nil for a Service's: for ⏎.
    private(set) var pods: [String?] = []

    func update(from state: RolloutState, now: Timestamp) {
        guard let traffic = state.traffic else {
            key = nil
            windows = []
            pods = []
            return
        }
        let store = state.store
        let index = state.findingIndex
        let key = Key(lineage: ObjectIdentifier(store.lineage), revision: traffic.revision, generation: index.generation,
                      stamp: index.stamp, second: TrafficLedger.second(now))
        if key == self.key { return }
        self.key = key
        windows = traffic.unexplained(findings: state.findings, store: store, now: now)
        pods = windows.map { window in
            window.pod.flatMap { store.instances[PodName(namespace: window.namespace, name: $0)]?.last }
                .map { store.uidsBySerial[$0] }
        }
    }
}
