import KubeModel

/// The start of a resumed request's body, which repeats what was already handed on:
/// `sinceTime` is whole seconds, so the kubelet sends again every line of the last
/// second seen. Lines stamped before the last stamp are repeats, and so are the
/// first `alreadySeen` lines at exactly it; the first line past those is new, and so
/// is everything after it (the filter stands aside, so a later line that is out of
/// order by a hair is never mistaken for a repeat).
struct LogStreamReplay: Equatable {
    let from: Timestamp
    private var alreadySeen: Int
    private var passed = false

    init(from: Timestamp, alreadySeen: Int) {
        self.from = from
        self.alreadySeen = alreadySeen
    }

    /// Whether the line stamped `stamp`, next in the body, was handed on before.
    mutating func isRepeat(_ stamp: Timestamp) -> Bool {
        guard !passed else { return false }
        if stamp < from { return true }
        if stamp == from, alreadySeen > 0 {
            alreadySeen -= 1
            return true
        }
        passed = true
        return false
    }
}
