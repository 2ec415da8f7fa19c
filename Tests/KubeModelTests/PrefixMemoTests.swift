import JSONLite
@testable import KubeModel
import Testing

/// `decode` of a scanner over `text`'s bytes: how each memo below is reached, as a decode
/// from a recording or a watch reaches it.
func scanned<Value>(_ text: String, _ decode: (inout JSONScanner) throws(JSONParseError) -> Value) throws(JSONParseError) -> Value {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBytes { raw in
        Result { () throws(JSONParseError) in
            var scanner = JSONScanner(bytes: raw)
            return try decode(&scanner)
        }
    }.get()
}

/// A slice's endpoints decoded again are taken from `EndpointSlice.Endpoint.memo` by
/// their raw bytes: each must be exactly what decoding it gives, whichever endpoints
/// came before, alike for their first bytes or not.
@Suite struct EndpointMemoTests {
    /// An endpoint whose first 64 bytes (address, conditions) are the same for every pod
    /// of a node, and whose name and readiness differ after them.
    static func endpoint(pod: Int, ready: Bool) -> String {
        #"{"addresses":["10.200.0.1"],"conditions":{"serving":true,"terminating":false,"ready":\#(ready)},"#
            + #""nodeName":"node-a","targetRef":{"kind":"Pod","namespace":"shop","name":"web-\#(pod)"}}"#
    }

    static func slice(_ endpoints: [String]) -> String {
        #"{"kind":"EndpointSlice","metadata":{"name":"web-x","namespace":"shop","labels":{"kubernetes.io/service-name":"web"}},"endpoints":["#
            + endpoints.joined(separator: ",") + "]}"
    }

    static func scanned(_ text: String) throws -> EndpointSlice {
        try KubeModelTests.scanned(text) { (scanner: inout JSONScanner) throws(JSONParseError) in try EndpointSlice(scanning: &scanner) }
    }

    @Test func everyEndpointIsItsOwnWhicheverCameBefore() throws {
        var seed: UInt64 = 7
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<300 {
            let endpoints = (0..<next(30)).map { _ in Self.endpoint(pod: next(40), ready: next(2) == 0) }
            let text = Self.slice(endpoints)
            let scanned = try Self.scanned(text)
            #expect(scanned == EndpointSlice(json: try JSONParser().parse(text)))
            #expect(scanned.endpoints.count == endpoints.count)
        }
    }

    /// An endpoint met before, then cut short or followed by a different ending: the
    /// memo's bytes do not all match, so it is read (and refused) as without the memo.
    @Test func anEndpointCutShortIsRefusedAsBefore() throws {
        let whole = Self.endpoint(pod: 1, ready: true)
        _ = try Self.scanned(Self.slice([whole]))
        let cut = Self.slice([String(whole.dropLast(2))])
        #expect(throws: JSONParseError.self) { try Self.scanned(cut) }
        let other = Self.slice([String(whole.dropLast(2)) + #"},"zone":"b"}"#])
        #expect(try Self.scanned(other) == EndpointSlice(json: try JSONParser().parse(other)))
    }
}

/// Container specs decoded again are taken from `ContainerSpec.memo`: specs alike for
/// their first bytes (one image, one name) and differing after them (a readiness probe
/// or not, another preStop) are each their own.
@Suite struct ContainerSpecMemoTests {
    static func pod(probe: Bool, preStop: Int) -> String {
        let container = #"{"name":"application","image":"registry.example/shop/web:1.2.3","imagePullPolicy":"IfNotPresent","#
            + (probe ? #""readinessProbe":{"httpGet":{"path":"/ready","port":8080}},"# : "")
            + #""lifecycle":{"preStop":{"sleep":{"seconds":\#(preStop)}}}}"#
        return #"{"kind":"Pod","metadata":{"name":"web-1","namespace":"shop","uid":"u1"},"spec":{"containers":["# + container + "]}}"
    }

    @Test func specsAlikeForTheirFirstBytesAreEachTheirOwn() throws {
        let texts = [true, false].flatMap { probe in [0, 5, 15].map { Self.pod(probe: probe, preStop: $0) } }
        for text in texts + texts.reversed() + texts {
            let pod = try scanned(text) { (scanner: inout JSONScanner) throws(JSONParseError) in try Pod(scanning: &scanner) }
            #expect(pod == Pod(json: try JSONParser().parse(text)))
        }
    }
}

/// Labels, annotations and owners decoded again are taken from `ObjectMeta`'s memos: ones
/// alike for their first bytes and differing after them are each their own.
@Suite struct ObjectMetaMemoTests {
    static func metadata(_ variant: Int) -> String {
        #"{"name":"web-\#(variant)","namespace":"shop","uid":"u\#(variant)","#
            + #""labels":{"app.kubernetes.io/name":"web","pod-template-hash":"7d9c\#(variant % 3)"},"#
            + #""annotations":{"sidecar.istio.io/status":"{\"containers\":[\"istio-proxy\"],\"initContainers\":[\"istio-init\"],\"revision\":\"\#(variant % 2)\"}","x":"y"},"#
            + #""ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d9c\#(variant % 4)","uid":"r","controller":true}]}"#
    }

    @Test func metadataAlikeForItsFirstBytesIsEachItsOwn() throws {
        let texts = (0..<12).map(Self.metadata)
        for text in texts + texts.reversed() + texts {
            let metadata = try scanned(text) { (scanner: inout JSONScanner) throws(JSONParseError) in try ObjectMeta(scanning: &scanner) }
            #expect(metadata == ObjectMeta(json: try JSONParser().parse(text)))
        }
    }
}

/// A container kept by a memo is found again only at the depth it was met at: the same
/// bytes one level deeper can pass the parser's depth limit, and are refused there as
/// without the memo.
@Suite struct PrefixMemoDepthTests {
    @Test func aSpecAtTheDepthLimitIsRefusedOneLevelDeeper() throws {
        // A container spec whose skipped `env` nests as deep as a pod document allows.
        func pod(nesting: Int) -> String {
            let env = String(repeating: "[", count: nesting) + String(repeating: "]", count: nesting)
            let spec = #"{"name":"application","image":"registry.example/shop/web:1.2.3","imagePullPolicy":"Always","env":\#(env)}"#
            return #"{"kind":"Pod","metadata":{"name":"web-1","namespace":"shop","uid":"u1"},"spec":{"containers":["# + spec + "]}}"
        }
        let nesting = (1...JSONParser.maximumDepth).last { (try? JSONParser().parse(pod(nesting: $0))) != nil }!
        let pod = pod(nesting: nesting)
        let accepted = Result { () throws(JSONParseError) in
            try scanned(pod) { (scanner: inout JSONScanner) throws(JSONParseError) in try Pod(scanning: &scanner) }
        }
        guard case .success = accepted else {
            Issue.record("the pod was refused at its own depth")
            return
        }
        // The same pod as the object of a watch event: every level one deeper.
        let deeper = #"{"type":"MODIFIED","object":{"x":"# + pod + "}}"
        let tree = Result { () throws(JSONParseError) in try JSONParser().parse(deeper) }
        guard case .failure = tree else {
            Issue.record("the tree parse took what the test means to be too deep")
            return
        }
        let refused = Result { () throws(JSONParseError) in
            try scanned(deeper) { (scanner: inout JSONScanner) throws(JSONParseError) in
                scanner.enterObject()
                _ = try scanner.nextKey()
                _ = try scanner.skipValue()
                _ = try scanner.nextKey()
                scanner.enterObject()
                _ = try scanner.nextKey()
                return try Pod(scanning: &scanner)
            }
        }
        guard case .failure(let error) = refused else {
            Issue.record("the spec met before was taken one level deeper")
            return
        }
        #expect(error.reason.contains("nested deeper"))
    }
}
