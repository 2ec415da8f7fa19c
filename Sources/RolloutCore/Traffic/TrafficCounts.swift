import JSONLite
import KubeModel

/// Requests counted over some span: how many, how many failed, and the failed
/// ones by response code and by Envoy response flag. What a finding's `impact`,
/// an unexplained window and the report's totals say.
public struct TrafficCounts: Sendable, Equatable {
    public var requests = 0
    public var failed = 0
    /// Failed requests by response code ("503"; "0" when no response was sent).
    public var codes: [String: Int] = [:]
    /// Failed requests by response flag ("UF"); a request with two flags counts under each.
    public var flags: [String: Int] = [:]

    public init() {}

    public var isEmpty: Bool { requests == 0 && failed == 0 }

    mutating func add(_ other: TrafficCounts) {
        requests += other.requests
        failed += other.failed
        for (code, count) in other.codes { codes[code, default: 0] += count }
        for (flag, count) in other.flags { flags[flag, default: 0] += count }
    }

    mutating func add(failures kind: FailureKind, count: Int) {
        Self.bump(&codes, String(kind.code), by: count)
        for flag in kind.flags { Self.bump(&flags, flag, by: count) }
    }

    /// One request more (`sign` 1) or one taken back (-1).
    mutating func count(_ failure: FailureKind?, sign: Int) {
        requests += sign
        guard let failure else { return }
        failed += sign
        add(failures: failure, count: sign)
    }

    /// A count that falls to zero leaves the map, so taking a request back leaves no "503": 0.
    private static func bump(_ counts: inout [String: Int], _ key: String, by delta: Int) {
        let value = counts[key, default: 0] + delta
        counts[key] = value > 0 ? value : nil
    }

    /// "16 of 40 requests failed during this window: 503 UF×16", or that none did:
    /// what the text report and the view's detail pane say of a finding's impact.
    public var windowSentence: String {
        let requests = self.requests == 1 ? "1 request" : "\(self.requests) requests"
        guard failed > 0 else { return "No request failed during this window (\(requests) seen)." }
        return "\(failedOfRequests) failed during this window: \(failureSummary)"
    }

    /// "4 requests" when all failed, "4 of 13 requests" otherwise.
    public var failedOfRequests: String {
        if failed == requests { return failed == 1 ? "1 request" : "\(failed) requests" }
        return "\(failed) of \(requests == 1 ? "1 request" : "\(requests) requests")"
    }

    /// "503 UF×16" or "503×3, 502×1 · UF×3": codes with their counts, then flags, most first.
    public var failureSummary: String {
        func ranked(_ counts: [String: Int]) -> [(String, Int)] {
            counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        }
        let codeList = ranked(codes)
        let flagList = ranked(flags)
        if codeList.count == 1, let (code, count) = codeList.first, flagList.allSatisfy({ $0.1 == count }) {
            let flagText = flagList.map(\.0).joined(separator: ",")
            return flagText.isEmpty ? "\(code)×\(count)" : "\(code) \(flagText)×\(count)"
        }
        let codeText = codeList.map { "\($0.0)×\($0.1)" }.joined(separator: ", ")
        let flagText = flagList.map { "\($0.0)×\($0.1)" }.joined(separator: ", ")
        return [codeText, flagText].filter { !$0.isEmpty }.joined(separator: " · ")
    }
}

/// How a failed request failed: its code and flags (what is counted per second).
struct FailureKind: Sendable, Hashable {
    var code: Int
    var flags: [String]
}

/// Per-second counts of one pod's (or one Service's) requests, in chunks of a
/// minute allocated only where there was traffic, so memory follows the seconds
/// that had requests, whatever their timestamps claim.
struct TrafficSeries: Sendable {
    static let chunkSeconds: Int64 = 64

    struct Chunk: Sendable {
        var requests = [UInt32](repeating: 0, count: Int(TrafficSeries.chunkSeconds))
        var failed = [UInt32](repeating: 0, count: Int(TrafficSeries.chunkSeconds))
        /// Only for seconds with failures, which are few.
        var failures: [Int64: [FailureKind: Int]] = [:]
    }

    private(set) var chunks: [Int64: Chunk] = [:]

    static func chunkIndex(of second: Int64) -> Int64 {
        second >= 0 ? second / chunkSeconds : (second - chunkSeconds + 1) / chunkSeconds
    }

    /// Adds (`sign` 1) or takes back (`sign` -1) one request at `second`.
    /// - Returns: whether a chunk was made for it.
    @discardableResult
    mutating func count(at second: Int64, failure: FailureKind?, sign: Int = 1) -> Bool {
        let index = Self.chunkIndex(of: second)
        let slot = Int(second - index * Self.chunkSeconds)
        let isNew = chunks[index] == nil
        if isNew, sign < 0 { return false }
        var chunk = chunks.removeValue(forKey: index) ?? Chunk()
        chunk.requests[slot] = UInt32(max(0, Int(chunk.requests[slot]) + sign))
        if let failure {
            chunk.failed[slot] = UInt32(max(0, Int(chunk.failed[slot]) + sign))
            var kinds = chunk.failures[second, default: [:]]
            kinds[failure, default: 0] += sign
            if kinds[failure]! <= 0 { kinds[failure] = nil }
            chunk.failures[second] = kinds.isEmpty ? nil : kinds
        }
        chunks[index] = chunk
        return isNew
    }

    mutating func dropChunk(_ index: Int64) {
        chunks[index] = nil
    }

    /// The counts of the seconds `first...last`.
    func counts(from first: Int64, through last: Int64) -> TrafficCounts {
        var result = TrafficCounts()
        guard first <= last else { return result }
        for index in Self.chunkIndex(of: first)...Self.chunkIndex(of: last) {
            guard let chunk = chunks[index] else { continue }
            let base = index * Self.chunkSeconds
            let low = Int(max(first, base) - base)
            let high = Int(min(last, base + Self.chunkSeconds - 1) - base)
            guard low <= high else { continue }
            for slot in low...high {
                result.requests += Int(chunk.requests[slot])
                result.failed += Int(chunk.failed[slot])
            }
            for (second, kinds) in chunk.failures where second >= first && second <= last {
                for (kind, count) in kinds { result.add(failures: kind, count: count) }
            }
        }
        return result
    }

    /// Seconds with failures in `first...last`, in order, with their counts.
    func failedSeconds(from first: Int64, through last: Int64) -> [(second: Int64, failed: Int)] {
        guard first <= last else { return [] }
        var result: [(Int64, Int)] = []
        for index in Self.chunkIndex(of: first)...Self.chunkIndex(of: last) {
            guard let chunk = chunks[index] else { continue }
            let base = index * Self.chunkSeconds
            for slot in 0..<Int(Self.chunkSeconds) where chunk.failed[slot] > 0 {
                let second = base + Int64(slot)
                if second >= first && second <= last { result.append((second, Int(chunk.failed[slot]))) }
            }
        }
        return result
    }

    /// Every second with failures, in order.
    var allFailedSeconds: [(second: Int64, failed: Int)] {
        guard let low = chunks.keys.min(), let high = chunks.keys.max() else { return [] }
        if high - low > Int64(chunks.count) * 4 {
            // Sparse: walk the chunks that exist rather than the span.
            return chunks.keys.sorted().flatMap { index in
                failedSeconds(from: index * Self.chunkSeconds, through: index * Self.chunkSeconds + Self.chunkSeconds - 1)
            }
        }
        return failedSeconds(from: low * Self.chunkSeconds, through: high * Self.chunkSeconds + Self.chunkSeconds - 1)
    }
}

extension TrafficCounts {
    /// Read back from a report's `impact` or an unexplained window (`failed`, `codes`, `flags`).
    init(json: JSON) {
        requests = json["requests"].int ?? json["failed"].int ?? 0
        failed = json["failed"].int ?? 0
        for member in json["codes"].object?.members ?? [] { codes[member.key] = member.value.int ?? 0 }
        for member in json["flags"].object?.members ?? [] { flags[member.key] = member.value.int ?? 0 }
    }
}
