import KubeModel

/// A pod's transitions, oldest first, kept as frozen chunks that copies of the record
/// share, and a short open tail.
///
/// A record's timeline grows by appending. Held as one array, every copy of the store
/// that shares it (a replay keyframe) makes the next append copy the whole array: on
/// the 10,000-pod capture that was ~1.7 MB a keyframe, most of what keyframes cost once
/// the pod tables were bucketed. Here an append copies at most the tail and the list of
/// chunk references; the chunks themselves never change.
struct TransitionLog: Sendable, Equatable {
    /// Transitions that no longer change, shared by every copy that holds them.
    final class Chunk: Sendable {
        let transitions: [Transition]

        init(_ transitions: [Transition]) {
            self.transitions = transitions
        }
    }

    /// The tail is frozen into a chunk once it holds this many.
    static let chunkLength = 16

    private var chunks: [Chunk] = []
    /// Transitions cut from the front of `chunks[0]` (by the history cap) but still in it.
    private var cutFromFirstChunk = 0
    private var tail: [Transition] = []

    init() {}

    init(_ transitions: [Transition]) {
        append(contentsOf: transitions)
    }

    private(set) var count = 0

    mutating func append(contentsOf transitions: [Transition]) {
        tail.append(contentsOf: transitions)
        count += transitions.count
        freezeFullTail()
    }

    /// Appends a transition at `time` for each change, made where it is kept (no array of
    /// them made first and copied in).
    mutating func append(_ changes: [Transition.Change], at time: Timestamp) {
        for change in changes { tail.append(Transition(time: time, change: change)) }
        count += changes.count
        freezeFullTail()
    }

    /// Freezes the tail into chunks while it holds a chunk's worth. A tail of exactly one
    /// chunk (appends come a few at a time) is handed over whole, not copied and emptied.
    private mutating func freezeFullTail() {
        while tail.count >= Self.chunkLength {
            if tail.count == Self.chunkLength {
                chunks.append(Chunk(tail))
                tail = []
            } else {
                chunks.append(Chunk(Array(tail.prefix(Self.chunkLength))))
                tail.removeFirst(Self.chunkLength)
            }
        }
    }

    /// Drops the oldest `excess` transitions.
    mutating func removeFirst(_ excess: Int) {
        var left = min(excess, count)
        count -= left
        while left > 0, let first = chunks.first {
            let inFirst = first.transitions.count - cutFromFirstChunk
            if left < inFirst {
                cutFromFirstChunk += left
                return
            }
            left -= inFirst
            chunks.removeFirst()
            cutFromFirstChunk = 0
        }
        tail.removeFirst(left)
    }

    /// Every transition, oldest first.
    var all: [Transition] {
        guard !chunks.isEmpty else { return tail }
        var all: [Transition] = []
        all.reserveCapacity(count)
        all.append(contentsOf: chunks[0].transitions[cutFromFirstChunk...])
        for chunk in chunks.dropFirst() { all.append(contentsOf: chunk.transitions) }
        all.append(contentsOf: tail)
        return all
    }

    /// Calls `body` with every transition, oldest first, where it is kept.
    func forEach(_ body: (Transition) throws -> Void) rethrows {
        if let first = chunks.first {
            for transition in first.transitions[cutFromFirstChunk...] { try body(transition) }
            for chunk in chunks.dropFirst() {
                for transition in chunk.transitions { try body(transition) }
            }
        }
        for transition in tail { try body(transition) }
    }

    /// The oldest transition `predicate` holds for, looked up where it is kept.
    func first(where predicate: (Transition) -> Bool) -> Transition? {
        if let first = chunks.first {
            for transition in first.transitions[cutFromFirstChunk...] where predicate(transition) { return transition }
            for chunk in chunks.dropFirst() {
                for transition in chunk.transitions where predicate(transition) { return transition }
            }
        }
        return tail.first(where: predicate)
    }

    /// How many chunks `other` holds too: what copies share.
    func sharedChunks(with other: TransitionLog) -> Int {
        let theirs = Set(other.chunks.map(ObjectIdentifier.init))
        return chunks.count { theirs.contains(ObjectIdentifier($0)) }
    }

    static func == (lhs: TransitionLog, rhs: TransitionLog) -> Bool {
        lhs.count == rhs.count && lhs.all == rhs.all
    }
}
