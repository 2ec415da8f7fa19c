import JSONLite

extension EndpointSlice {
    /// `EndpointSlice(json:)` read straight from a scanner at the value.
    public init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self.init(metadata: ObjectMeta(name: ""), endpoints: [])
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        // The endpoints of a slice name their targets' kind and namespace over and over.
        var kinds = ClusterStringMemo(), namespaces = ClusterStringMemo()
        while let key = try scanner.nextKey() {
            switch key {
            case "metadata" where seen.first(0): metadata = try ObjectMeta(scanning: &scanner)
            case "endpoints" where seen.first(1):
                endpoints = try scanner.elements { (endpoint: inout JSONScanner) throws(JSONParseError) in
                    try endpoint.remembered(in: Endpoint.memo) { (scanner: inout JSONScanner) throws(JSONParseError) in
                        try Endpoint(scanning: &scanner, kinds: &kinds, namespaces: &namespaces)
                    }
                }
            default: try scanner.skipValue()
            }
        }
    }
}

extension EndpointSlice.Endpoint {
    /// Endpoints decoded before (see `PrefixMemo`): the controller writes a slice again
    /// whole when one of its endpoints changes, so nearly every endpoint of an update came
    /// the same in the one before. An endpoint is ~250 bytes; its first 64 (its address
    /// and most of its conditions) pick its set. 8,192 of them: 2 to 3 MB.
    static let memo = PrefixMemo<EndpointSlice.Endpoint>(hashedPrefix: 64, longest: 4_096, setCount: 2_048, ways: 4)

    init(scanning scanner: inout JSONScanner, kinds: inout ClusterStringMemo, namespaces: inout ClusterStringMemo)
        throws(JSONParseError) {
        var ready: Bool?, serving: Bool?, terminating: Bool?, targetRef: ObjectReference?
        if try scanner.enterObjectIfPresent() {
            var seen = FirstMembers()
            while let key = try scanner.nextKey() {
                switch key {
                case "conditions" where seen.first(1):
                    guard try scanner.enterObjectIfPresent() else { continue }
                    var conditionSeen = FirstMembers()
                    while let condition = try scanner.nextKey() {
                        switch condition {
                        case "ready" where conditionSeen.first(0): ready = try scanner.bool()
                        case "serving" where conditionSeen.first(1): serving = try scanner.bool()
                        case "terminating" where conditionSeen.first(2): terminating = try scanner.bool()
                        default: try scanner.skipValue()
                        }
                    }
                case "targetRef" where seen.first(2):
                    targetRef = try ObjectReference.scanTarget(&scanner, kinds: &kinds, namespaces: &namespaces)
                default: try scanner.skipValue()
                }
            }
        }
        self.init(ready: ready ?? true, serving: serving, terminating: terminating ?? false, targetRef: targetRef)
    }
}

extension Endpoints {
    /// `Endpoints(json:)` read straight from a scanner at the value.
    public init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self.init(metadata: ObjectMeta(name: ""), ready: [], notReady: [])
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "metadata" where seen.first(0): metadata = try ObjectMeta(scanning: &scanner)
            case "subsets" where seen.first(1):
                guard try scanner.enterArrayIfPresent() else { continue }
                while try scanner.nextElement() { try scanSubset(&scanner) }
            default: try scanner.skipValue()
            }
        }
    }

    /// One subset's ready and not-ready addresses, appended in subset order as `flatMap` does.
    private mutating func scanSubset(_ scanner: inout JSONScanner) throws(JSONParseError) {
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "addresses" where seen.first(0): ready += try Self.targetRefs(&scanner)
            case "notReadyAddresses" where seen.first(1): notReady += try Self.targetRefs(&scanner)
            default: try scanner.skipValue()
            }
        }
    }

    private static func targetRefs(_ scanner: inout JSONScanner) throws(JSONParseError) -> [ObjectReference] {
        try scanner.compactElements { (address: inout JSONScanner) throws(JSONParseError) in
            try address.member("targetRef") { (reference: inout JSONScanner) throws(JSONParseError) in try ObjectReference.scan(&reference) }
        }
    }
}

extension Service {
    /// `Service(json:)` read straight from a scanner at the value.
    public init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        self.init(metadata: ObjectMeta(name: ""), selector: [:])
        guard try scanner.enterObjectIfPresent() else { return }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "metadata" where seen.first(0): metadata = try ObjectMeta(scanning: &scanner)
            case "spec" where seen.first(1):
                guard try scanner.enterObjectIfPresent() else { continue }
                var specSeen = FirstMembers()
                while let member = try scanner.nextKey() {
                    switch member {
                    case "selector" where specSeen.first(0): selector = try scanner.stringMap()
                    case "publishNotReadyAddresses" where specSeen.first(1): publishNotReadyAddresses = try scanner.bool() ?? false
                    default: try scanner.skipValue()
                    }
                }
            default: try scanner.skipValue()
            }
        }
    }
}
