import JSONLite

/// A core/v1 Event: kubelet probe failures, kills, NEG gate changes.
///
/// A class: an Event is passed from the decoder to the store and kept in a pod's list,
/// and as a value each of those copies retained (and each copy let go of released) its
/// dozen strings and tables; as a reference, one count. Nothing changes one once made.
public final class Event: Sendable, Equatable {
    public let metadata: ObjectMeta
    public let involvedObject: ObjectReference
    public let reason: String
    public let message: String
    /// `Normal` or `Warning`.
    public let type: String
    /// How many times it happened: the aggregated `count`, or `series.count` for new-style events.
    public let count: Int
    public let firstTimestamp: Timestamp?
    public let lastTimestamp: Timestamp?
    /// The reporting component, e.g. `kubelet` or `neg-readiness-reflector`.
    public let source: String

    public init(metadata: ObjectMeta, involvedObject: ObjectReference, reason: String, message: String, type: String = "Normal",
                count: Int = 1, firstTimestamp: Timestamp? = nil, lastTimestamp: Timestamp? = nil, source: String = "") {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
        self.count = count
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.source = source
    }

    public convenience init(json: JSON) {
        let eventTime = json["eventTime"].timestamp
        let seriesCount = json["series"]["count"].int
        self.init(
            metadata: ObjectMeta(json: json["metadata"]),
            involvedObject: ObjectReference(json: json["involvedObject"]) ?? ObjectReference(kind: "", name: ""),
            reason: json["reason"].freeText ?? "",
            message: json["message"].freeText ?? "",
            type: json["type"].clusterString ?? "Normal",
            count: seriesCount ?? json["count"].int ?? 1,
            firstTimestamp: json["firstTimestamp"].timestamp ?? eventTime,
            lastTimestamp: json["series"]["lastObservedTime"].timestamp ?? json["lastTimestamp"].timestamp ?? eventTime,
            source: json["source"]["component"].clusterString ?? json["reportingComponent"].clusterString ?? ""
        )
    }

    public static func == (lhs: Event, rhs: Event) -> Bool {
        lhs === rhs
            || (lhs.metadata == rhs.metadata && lhs.involvedObject == rhs.involvedObject && lhs.reason == rhs.reason
                && lhs.message == rhs.message && lhs.type == rhs.type && lhs.count == rhs.count
                && lhs.firstTimestamp == rhs.firstTimestamp && lhs.lastTimestamp == rhs.lastTimestamp && lhs.source == rhs.source)
    }
}

/// A Status object: what an ERROR watch event carries (410 Expired and friends).
public struct APIStatus: Sendable, Equatable, Error {
    public var code: Int
    public var reason: String
    public var message: String

    public init(code: Int, reason: String, message: String) {
        self.code = code
        self.reason = reason
        self.message = message
    }

    public init(json: JSON) {
        self.init(code: json["code"].int ?? 0, reason: json["reason"].freeText ?? "", message: json["message"].freeText ?? "")
    }

    /// The history the watch asked for is gone; only a fresh list can recover.
    public var isExpired: Bool { code == 410 || reason == "Expired" || reason == "Gone" }
}
