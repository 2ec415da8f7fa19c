import KubeModel

/// `probe-failures` (info): kubelet `Unhealthy` events ("Readiness probe failed: …")
/// for a container, with their count and time range.
struct ProbeFailuresRule: PodRule {
    /// The pod's Unhealthy Events (their list, which instance they belong to: `.removal`
    /// of this one when the next appears) and first sight, which never changes; no transitions.
    let reads: PodInputs = [.unhealthyEvents, .removal]
    let observesWhen: PodInputs = [.unhealthyEvents, .removal]
    let emits: [RuleID] = [.probeFailures]
    static let remedy = """
        Probe failures are the evidence for the window they fall in. If they are expected at start-up, give the \
        app a startupProbe (failureThreshold × periodSeconds above its start time) so readiness is not judged early.
        """

    func observe(_ pod: PodRecord, in store: Store, settings: RuleSettings) -> [Observation] {
        let events = store.events(of: pod)
        let since = pod.firstSeen.adding(seconds: -300)
        // Positions in `events` by container, in event order: read where they are kept, as
        // every event of the pod is looked at again on each of its updates. A pod has a few
        // containers, so a short list searched by name, not a dictionary hashing each event's;
        // and a container's name is worked out again only when the field path changes.
        var byContainer: [(name: String, positions: [Int])] = []
        var lastPath: String?
        var group = 0
        for position in events.indices where events[position].event.reason == "Unhealthy" && since <= events[position].lastReceived {
            let path = events[position].event.involvedObject.fieldPath
            if path != lastPath {
                let name = Self.container(inFieldPath: path)
                if let known = byContainer.firstIndex(where: { $0.name == name }) {
                    group = known
                } else {
                    byContainer.append((name, []))
                    group = byContainer.count - 1
                }
                lastPath = path
            }
            byContainer[group].positions.append(position)
        }
        guard !byContainer.isEmpty else { return [] }
        if byContainer.count > 1 { byContainer.sort { $0.name < $1.name } }
        return byContainer.map { name, positions in
            var count = 0
            var start = events[positions[0]].firstReceived
            var end = events[positions[0]].lastReceived
            var kinds: [String] = []
            // The message whose first word was added last: a pod's failures mostly repeat one
            // message, compared whole (a few bytes per word) more cheaply than its word is found.
            var lastMessage: String?
            var evidence: [Evidence] = []
            evidence.reserveCapacity(positions.count)
            for position in positions {
                // Fields read in place: a copy of the record would retain each of its strings.
                let (message, times) = (events[position].event.message, (events[position].firstReceived, events[position].lastReceived))
                count += events[position].event.count
                start = min(start, times.0)
                end = max(end, times.1)
                if message != lastMessage {
                    Self.addFirstWord(of: message, to: &kinds)
                    lastMessage = message
                }
                evidence.append(Evidence(at: times.1, pod: pod.podName.name, message: message, count: events[position].event.count))
            }
            return Observation(
                rule: .probeFailures, severity: .info, pod: pod,
                containers: name.isEmpty ? [] : [name],
                summary: String(concatenating: [kinds.count == 1 ? kinds[0] : kinds.sorted().joined(separator: "/"), " probe failed ",
                                                 String(count), "× on ", name.isEmpty ? "the pod" : name, " between ",
                                                 start.clockString(), " and ", end.clockString()]),
                evidence: evidence,
                remedy: ProbeFailuresRule.remedy, window: (start: start, end: end))
        }
    }

    /// Adds the message's first word (`firstWord(of:)`) to `kinds` unless it is there.
    /// Each of a pod's events is read again on each update, and nearly every word is
    /// there already: an ASCII word is compared as bytes and made a String only when
    /// new. (With a non-ASCII kind, which may equal an ASCII word as Strings compare,
    /// it goes the String way.)
    static func addFirstWord(of message: String, to kinds: inout [String]) {
        let asciiKinds = kinds.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
        let added = asciiKinds ? message.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            switch firstWordBytes(in: bytes) {
            case .undecided: return false
            case .none: return true
            case .word(let range):
                let word = UnsafeBufferPointer(rebasing: bytes[range])
                if !kinds.contains(where: { $0.utf8.elementsEqual(word) }) { kinds.append(String(decoding: word, as: UTF8.self)) }
                return true
            }
        } : nil
        if added == true { return }
        if let kind = firstWord(of: message), !kinds.contains(kind) { kinds.append(kind) }
    }

    /// The message's first word: `split(separator: " ", maxSplits: 1).first`, the words
    /// being runs of Characters other than " " (so leading spaces are passed over). Read
    /// as bytes while they decide it (`firstWordBytes`); anything else (a space before a
    /// combining mark) is left to the Character walk.
    static func firstWord(of message: String) -> String? {
        let fast = message.utf8.withContiguousStorageIfAvailable { bytes -> (decided: Bool, word: String?) in
            switch firstWordBytes(in: bytes) {
            case .undecided: return (false, nil)
            case .none: return (true, nil)
            case .word(let range): return (true, String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
            }
        }
        if let fast, fast.decided { return fast.word }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    /// What the bytes say of the first word, as `firstWord(of:)` means it.
    private enum FirstWordBytes {
        /// Empty, or spaces only.
        case none
        case word(Range<Int>)
        /// A byte up to the one after the word is not ASCII, or is CR: Characters decide.
        case undecided
    }

    /// Where the first word lies in `bytes`, when the bytes decide it: an ASCII byte other
    /// than CR is a Character of its own when the byte after it is ASCII too, so every
    /// byte up to the one after the space that ends the word must be ASCII and not CR.
    private static func firstWordBytes(in bytes: UnsafeBufferPointer<UInt8>) -> FirstWordBytes {
        let space = UInt8(ascii: " ")
        var index = 0
        while index < bytes.count, bytes[index] == space { index += 1 }
        guard index < bytes.count else { return .none }
        let wordStart = index
        while index < bytes.count, bytes[index] != space { index += 1 }
        for byte in bytes[..<min(index + 2, bytes.count)] where byte >= 0x80 || byte == 0x0D { return .undecided }
        return .word(wordStart..<index)
    }

    /// `spec.containers{grpc-server}` → `grpc-server`.
    /// Read in one pass over the bytes when the path is ASCII (it always is: container
    /// names are DNS labels), where each byte other than CR is a Character of its own; it
    /// is worked out for each of a pod's containers on every update of its probe failures.
    static func container(inFieldPath path: String) -> String {
        let fast = path.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var open: Int?
            var close: Int?
            for (offset, byte) in bytes.enumerated() {
                switch byte {
                case 0x80..., 0x0D: return nil
                case UInt8(ascii: "{"): if open == nil { open = offset }
                case UInt8(ascii: "}"): close = offset
                default: break
                }
            }
            guard let open, let close, open < close else { return "" }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[(open + 1)..<close]), as: UTF8.self)
        }
        if let fast, let fast { return fast }
        guard let open = path.firstIndex(of: "{"), let close = path.lastIndex(of: "}"), open < close else { return "" }
        return String(path[path.index(after: open)..<close])
    }
}
