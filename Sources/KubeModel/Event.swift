import JSONLite

/// A core/v1 Event: kubelet probe failures, kills, NEG gate changes.
public struct Event: Sendable, Equatable {
    public var metadata: ObjectMeta
    public var involvedObject: ObjectReference
    public var reason: String
    public var message: String
    /// `Normal` or `Warning`.
    public var type: String
    /// How many times it happened: the aggregated `count`, or `series.count` for new-style events.
    public var count: Int
    public var firstTimestamp: Timestamp?
    public var lastTimestamp: Timestamp?
    /// The reporting component, e.g. `kubelet` or `neg-readiness-reflector`.
    public var source: String

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

    public init(json: JSON) {
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
