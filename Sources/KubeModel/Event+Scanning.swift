import JSONLite

extension Event {
    /// `Event(json:)` read straight from a scanner at the value.
    public convenience init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        var metadata: ObjectMeta?, involvedObject: ObjectReference?
        var reason: String?, message: String?, type: String?, count: Int?
        var eventTime: Timestamp?, firstTimestamp: Timestamp?, lastTimestamp: Timestamp?
        var seriesCount: Int?, seriesLastObserved: Timestamp?
        var sourceComponent: String?, reportingComponent: String?
        if try scanner.enterObjectIfPresent() {
            var seen = FirstMembers()
            while let key = try scanner.nextKey() {
                switch key {
                case "metadata" where seen.first(0): metadata = try ObjectMeta(scanning: &scanner)
                case "involvedObject" where seen.first(1): involvedObject = try ObjectReference.scan(&scanner)
                case "reason" where seen.first(2): reason = try scanner.freeText()
                case "message" where seen.first(3): message = try scanner.freeText()
                case "type" where seen.first(4): type = try scanner.clusterString()
                case "count" where seen.first(5): count = try scanner.int()
                case "eventTime" where seen.first(6): eventTime = try scanner.timestamp()
                case "firstTimestamp" where seen.first(7): firstTimestamp = try scanner.timestamp()
                case "lastTimestamp" where seen.first(8): lastTimestamp = try scanner.timestamp()
                case "series" where seen.first(9):
                    guard try scanner.enterObjectIfPresent() else { continue }
                    var seriesSeen = FirstMembers()
                    while let seriesKey = try scanner.nextKey() {
                        switch seriesKey {
                        case "count" where seriesSeen.first(0): seriesCount = try scanner.int()
                        case "lastObservedTime" where seriesSeen.first(1): seriesLastObserved = try scanner.timestamp()
                        default: try scanner.skipValue()
                        }
                    }
                case "source" where seen.first(10):
                    sourceComponent = try scanner.member("component") { (value: inout JSONScanner) throws(JSONParseError) in
                        try value.clusterString()
                    }
                case "reportingComponent" where seen.first(11): reportingComponent = try scanner.clusterString()
                default: try scanner.skipValue()
                }
            }
        }
        self.init(metadata: metadata ?? ObjectMeta(name: ""), involvedObject: involvedObject ?? ObjectReference(kind: "", name: ""),
                  reason: reason ?? "", message: message ?? "", type: type ?? "Normal", count: seriesCount ?? count ?? 1,
                  firstTimestamp: firstTimestamp ?? eventTime, lastTimestamp: seriesLastObserved ?? lastTimestamp ?? eventTime,
                  source: sourceComponent ?? reportingComponent ?? "")
    }
}

extension APIStatus {
    /// `APIStatus(json:)` read straight from a scanner at the value.
    public init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        var code: Int?, reason: String?, message: String?
        if try scanner.enterObjectIfPresent() {
            var seen = FirstMembers()
            while let key = try scanner.nextKey() {
                switch key {
                case "code" where seen.first(0): code = try scanner.int()
                case "reason" where seen.first(1): reason = try scanner.freeText()
                case "message" where seen.first(2): message = try scanner.freeText()
                default: try scanner.skipValue()
                }
            }
        }
        self.init(code: code ?? 0, reason: reason ?? "", message: message ?? "")
    }
}
