import KubeModel

/// What following the proxies' logs came to beyond their lines, for the report: logs
/// asked for that never gave a line (a proxy that never started, a log refused), and
/// pods whose logs were never followed because `--max-log-streams` was reached. The
/// ledger counts what was read; this says what was not, so a report's silence about a
/// pod is not mistaken for a pod without failures. Known to a live session only: a
/// recording keeps the lines, not the requests that failed to give any.
public struct LogFollowing: Sendable, Equatable {
    public struct Unread: Sendable, Equatable {
        public var source: LogSource
        /// The API server's (or kubectl's) last words about it, terminal-safe.
        public var reason: String

        public init(source: LogSource, reason: String) {
            self.source = source
            self.reason = reason
        }
    }

    /// Logs followed that never sent a line, by source.
    public var unread: [Unread]
    /// Pods never followed for want of a slot, by name.
    public var notFollowed: [PodName]
    /// `--max-log-streams`.
    public var maximumStreams: Int

    public init(unread: [Unread], notFollowed: [PodName], maximumStreams: Int) {
        self.unread = unread.sorted { $0.source < $1.source }
        self.notFollowed = notFollowed.sorted()
        self.maximumStreams = maximumStreams
    }

    /// Nothing left unread: the report says nothing more than the ledger does.
    public var isEmpty: Bool { unread.isEmpty && notFollowed.isEmpty }
}
