import KubeModel
import RolloutCore

/// The failed requests no finding explains, as the findings list shows them under
/// the findings, kept between frames and asked of the ledger again only while the list
/// is on screen, when the findings changed, or when the view's clock reached another
/// second with failures counted since (an open finding's window grows with the clock).
/// New failures alone wait for the next second: under a storm of failures on many
/// pods every frame would otherwise redo every failing pod's windows, so the rows may
/// lag the header's count by up to a second, never more.
final class UnexplainedCache {
    private struct Key: Equatable {
        var lineage: ObjectIdentifier
        var generation: Int
        var stamp: UInt64
        var second: Int64
    }

    private var key: Key?
    private var failureRevision: UInt64?
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
        let key = Key(lineage: ObjectIdentifier(store.lineage), generation: index.generation, stamp: index.stamp,
                      second: TrafficLedger.second(now))
        let findingsChanged = self.key.map { ($0.lineage, $0.generation, $0.stamp) != (key.lineage, key.generation, key.stamp) } ?? true
        let secondChanged = key.second != self.key?.second
        let hasOpenFindings = Severity.allCases.contains { index.openCount($0) > 0 }
        guard findingsChanged || (secondChanged && (traffic.failureRevision != failureRevision || hasOpenFindings)) else { return }
        self.key = key
        failureRevision = traffic.failureRevision
        windows = traffic.unexplained(findings: state.findings, store: store, now: now)
        pods = windows.map { window in
            window.pod.flatMap { store.instances[PodName(namespace: window.namespace, name: $0)]?.last }
                .map { store.uidsBySerial[$0] }
        }
    }
}
