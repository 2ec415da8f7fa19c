#if canImport(Glibc)
import Glibc
#endif
import JSONLite
import KubeModel
import Testing
import TestSupport

/// The contract of the decoders from bytes: for every input, `WatchEvent.decode(bytes:)`
/// and `ResourceKind.decode(scanning:)` equal the tree decoders over
/// `JSONParser(skippingKeys: ["managedFields"])`, and a document the parser rejects
/// fails both ways. Inputs: the fuzz corpus, the demo recording, the seed scenarios'
/// objects, hostile documents, their mutations, and generated captures of several shapes.
@Suite struct ScanningDifferentialTests {
    static let time = Timestamp(microseconds: 1_790_000_000_000_000)
    static var treeParser: JSONParser { JSONParser(skippingKeys: ["managedFields"]) }

    /// Every difference between the two decodes of `bytes`, as `resources` read it.
    static func differences(_ bytes: [UInt8], as resources: [ResourceKind] = ResourceKind.allCases, label: String) -> [String] {
        var found: [String] = []
        let tree = Result { () throws(JSONParseError) in try treeParser.parse(bytes) }
        for resource in resources {
            let scannedEvent = bytes.withUnsafeBytes { raw in
                Result { () throws(DecodeError) in try WatchEvent.decode(bytes: raw, resource: resource, at: time) }
            }
            let scannedObject = bytes.withUnsafeBytes { raw in
                Result { () throws(JSONParseError) in
                    var scanner = JSONScanner(bytes: raw, skippingKeys: WatchEvent.skippedKeys)
                    let object = try resource.decode(scanning: &scanner)
                    try scanner.finish()
                    return object
                }
            }
            switch tree {
            case .failure(let error):
                if case .success = scannedEvent { found.append("\(label) as \(resource): the parser fails (\(error)), the event scan decodes") }
                if case .success = scannedObject { found.append("\(label) as \(resource): the parser fails (\(error)), the object scan decodes") }
            case .success(let json):
                let treeEvent = Result { () throws(DecodeError) in try WatchEvent.decode(json, resource: resource, at: time) }
                if treeEvent != scannedEvent {
                    found.append("\(label) as \(resource): event \(treeEvent) from the tree, \(scannedEvent) from the bytes")
                }
                if (try? scannedObject.get()) != resource.decode(json) {
                    found.append("\(label) as \(resource): object \(resource.decode(json)) from the tree, \(scannedObject) from the bytes")
                }
            }
        }
        return found
    }

    /// The bytes of a recording line's `ev` member, as they are in the file (raw, not re-serialized).
    static func eventBytes(ofLine line: [UInt8]) -> (bytes: [UInt8], resource: ResourceKind?)? {
        line.withUnsafeBytes { raw -> ([UInt8], ResourceKind?)? in
            var scanner = JSONScanner(bytes: raw)
            guard (try? scanner.peek()) == .object else { return nil }
            scanner.enterObject()
            var event: [UInt8]?
            var resource: ResourceKind?
            while let key = try? scanner.nextKey() {
                if key == "ev" {
                    let start = scanner.index
                    guard (try? scanner.skipValue()) != nil else { return nil }
                    event = Array(raw[start..<scanner.index])
                } else if key == "src" {
                    resource = (try? scanner.string()).flatMap { ResourceKind(rawValue: $0) }
                } else if (try? scanner.skipValue()) == nil {
                    return nil
                }
            }
            return event.map { ($0, resource) }
        }
    }

    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: UInt8(ascii: "\n")).map(Array.init)
    }

    static func file(_ relative: String) throws -> [UInt8] {
        try #require(readBytes(Paths.packageRoot + "/" + relative), "\(relative) is readable")
    }

    static func files(in directory: String) -> [String] {
        guard let handle = opendir(Paths.packageRoot + "/" + directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { names.append(directory + "/" + name) }
        }
        return names.sorted()
    }

    /// A recording's lines both whole (a document of no known shape) and by their `ev`.
    static func recordingDifferences(_ bytes: [UInt8], label: String, allResources: Bool) -> [String] {
        var found: [String] = []
        for (number, line) in lines(bytes).enumerated() {
            if allResources { found += differences(line, label: "\(label) line \(number + 1)") }
            if let (event, resource) = eventBytes(ofLine: line) {
                let resources = allResources || resource == nil ? ResourceKind.allCases : [resource!]
                found += differences(event, as: resources, label: "\(label) line \(number + 1) ev")
            }
        }
        return found
    }

    @Test func fuzzCorpusDecodesEquallyBothWays() throws {
        let names = Self.files(in: "Tests/Fuzz/corpus/json") + Self.files(in: "Tests/Fuzz/corpus/recording")
            + Self.files(in: "Tests/Fuzz/corpus/framer")
        #expect(names.count >= 10)
        var found: [String] = []
        for name in names {
            let bytes = try Self.file(name)
            found += Self.differences(bytes, label: name)
            found += Self.recordingDifferences(bytes, label: name, allResources: true)
        }
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    @Test func demoRecordingDecodesEquallyBothWays() throws {
        let bytes = try Self.file("Sources/DemoRecording/demo.jsonl")
        let found = Self.recordingDifferences(bytes, label: "demo.jsonl", allResources: true)
        #expect(Self.lines(bytes).count > 40)
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    @Test func seedScenarioObjectsDecodeEquallyBothWays() {
        var found: [String] = []
        var count = 0
        for seed in SeedScenarios.all {
            let objects = seed.scenario.initial + seed.scenario.steps.compactMap { $0["object"].object.map(JSON.object) }
            for (index, object) in objects.enumerated() {
                count += 1
                let label = "\(seed.name) object \(index)"
                found += Self.differences(Array(object.serialized().utf8), label: label)
                for type in ["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"] {
                    let event: JSON = ["type": .string(type), "object": object]
                    found += Self.differences(Array(event.prettySerialized().utf8), label: "\(label) \(type)")
                }
            }
            let list: JSON = ["kind": "PodList", "metadata": ["resourceVersion": "7"], "items": .array(seed.scenario.initial)]
            found += Self.differences(Array(list.serialized().utf8), label: "\(seed.name) list")
        }
        #expect(count > 20)
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    /// Documents built to hit the corners: escapes, invalid UTF-8, terminal escape
    /// sequences, huge free text, duplicate keys, wrong types, keys spelled with escapes,
    /// `managedFields` anywhere (its value only bracket-checked), the shapes in other orders.
    static let hostileDocuments: [[UInt8]] = {
        let huge = String(repeating: "é 🚀 \\u001b[31m x", count: 600)
        var texts = [
            #"{"metadata":{"name":"p\u001b]0;owned\u0007","namespace":"shop\nx","uid":"\ud800","annotations":{"sidecar.istio.io/status":"{\"containers\":[\"istio-proxy\"]}","kubectl.kubernetes.io/last-applied-configuration":"{\"a\":1}","vault.hashicorp.com/agent-inject":"true","s\u0069decar.istio.io/x":"esc","managedFields":"gone"}},"status":{"phase":"Runn\u200eing","reason":"\#(huge)","conditions":[{"type":"Ready","status":"True","message":"\#(huge)"},7,null,"x"]}}"#,
            #"{"type":"ADDED","object":{"metadata":{"name":"a","name":"b","labels":{"k":"1","k":"2","k":3,"managedFields":"x"}},"spec":{"containers":[{"name":"c","readinessProbe":{"exec":null,"grpc":{},"httpGet":{}},"lifecycle":{"preStop":{"sleep":{"seconds":"12"}}}},{"name":5},[]]}}}"#,
            #"{"object":{"metadata":{"name":"late-type","resourceVersion":"9"},"spec":{"nodeName":"n"}},"type":"MODIFIED"}"#,
            #"{"object":{"metadata":{"resourceVersion":"9"}},"type":"BOOKMARK"}"#,
            #"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version"}}"#,
            #"{"kind":"Status","code":"500","reason":"InternalError","message":"\#(huge)"}"#,
            #"{"type":"WHAT","object":{}}"#,
            #"{"type":"ADDED","object":[]}"#,
            #"{"type":7,"kind":"PodList","items":[{"metadata":{"name":"x"}},3,{"metadata":{"name":"y","managedFields":[1 2 {]]}}}]}"#,
            #"{"items":{},"metadata":{"name":"bare"},"status":{"phase":"Failed","containerStatuses":[{"name":"c","state":{"waiting":{"reason":"X"},"terminated":{"exitCode":1.0},"running":5},"lastState":{"running":{"startedAt":"2024-05-01T15:23:10.5+02:00"}}}]}}"#,
            #"{"metadata":{"name":"slice","labels":{"kubernetes.io/service-name":"svc\u001b[2J"}},"endpoints":[{"addresses":["10.0.0.1",2,"\u0000"],"conditions":{"ready":false},"targetRef":{"kind":"Pod","name":"p"}},{"targetRef":{"kind":"Pod"}},{}]}"#,
            #"{"metadata":{"name":"ep"},"subsets":[{"addresses":[{"targetRef":{"name":"a"}},{"ip":"x"}],"notReadyAddresses":[{"targetRef":{"name":"b"}}]},{"addresses":[{"targetRef":{"name":"c"}}]}]}"#,
            #"{"metadata":{"name":"ev"},"involvedObject":{"name":"p","fieldPath":"spec.containers{app}"},"reason":"Unhealthy","message":"\#(huge)","type":"Warning","count":"3","series":{"count":5,"lastObservedTime":"2024-05-01T15:23:10Z"},"eventTime":"2024-05-01T15:23:00.123456Z","source":{"component":"kubelet"},"reportingComponent":"x"}"#,
            #"{"metadata":{"name":"d","generation":12345678901234567890,"deletionGracePeriodSeconds":1e2,"ownerReferences":[{"kind":"ReplicaSet","name":"rs","controller":true},"x"]},"spec":{"replicas":3.5,"minReadySeconds":-0,"selector":{"matchLabels":{"app":"x"},"matchExpressions":[{"key":"tier","operator":"In","values":["a",1,"b"]}]},"template":{"metadata":{"labels":{"app":"x"}}}},"status":{"numberReady":2,"desiredNumberScheduled":4,"updateRevision":"h"}}"#,
            #"{"metadata":{"name":"svc"},"spec":{"selector":{"app":"x"},"publishNotReadyAddresses":true}}"#,
            #"{"n\u0061me":"escaped key","metadata":{"n\u0061me":"escaped","\u212Aind":"kelvin"},"spec":{"tolerations":[{"key":"a"},{"key":1},{}],"readinessGates":[{"conditionType":"g"},{}],"nodeSelector":{"a":"b"}}}"#,
            #"  {"t":"2024-05-01T15:23:10Z","src":"pods","ev":{"type":"ADDED","object":{"metadata":{"name":"in-a-line"}}}}  "#,
            #"{"managedFields":{"a":[1,2,{"b":"\"]}"}]},"metadata":{"name":"m","managedFields":"x"}}"#,
            #"{"metadata":{"name":"deep"},"spec":\#(String(repeating: "[", count: 300))\#(String(repeating: "]", count: 300))}"#,
            #"{"metadata":{"name":"deep-skipped","managedFields":\#(String(repeating: "[", count: 300))\#(String(repeating: "]", count: 300))}}"#,
            #"{"metadata":{"name":"numbers"},"spec":{"terminationGracePeriodSeconds":30,"x":[-1,0.5e-3,1E+2,-0.0,01,123456789012345678901234]}}"#,
            #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":[1,]}"#, #"{"a":tru}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#, #"{"a":1e}"#, #"{"a":-}"#,
            #"{"managedFields":[1 2 3],"metadata":{"name":"lenient"}}"#, #"{"managedFields":[},"metadata":{"name":"x"}}"#,
            #"{"metadata":{"name":"x"}} {}"#, "", "   ", "null", "[]", #""string""#, "{\"metadata\":{\"name\":\"raw\u{01}\"}}",
        ]
        texts.append(#"{"metadata":{"name":"#)
        var documents = texts.map { Array($0.utf8) }
        // Invalid UTF-8 in names, messages and keys.
        documents.append(Array(#"{"metadata":{"name":"bad"#.utf8) + [0xFF, 0xC3, 0x28] + Array(#"","labels":{""#.utf8) + [0xE2, 0x82]
            + Array(#"":"v"}},"status":{"reason":"x"#.utf8) + [0xED, 0xA0, 0x80] + Array(#"\u00e9"}}"#.utf8))
        return documents
    }()

    @Test func hostileDocumentsDecodeEquallyBothWays() {
        var found: [String] = []
        for (index, document) in Self.hostileDocuments.enumerated() {
            found += Self.differences(document, label: "hostile \(index)")
        }
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    /// Each document cut short at every point and with structural bytes replaced: what
    /// the parser still accepts decodes equally, what it rejects fails both ways.
    @Test func mutatedDocumentsAgreeOnAcceptanceAndValue() throws {
        var documents = Self.hostileDocuments.filter { $0.count < 3000 }
        documents.append(try Self.file("Tests/Fuzz/corpus/json/pod-added.json"))
        documents.append(try Self.file("Tests/Fuzz/corpus/json/list.json"))
        let replacements: [UInt8] = Array("\"\\{}[],: 0-eEn\u{7F}".utf8) + [0x00, 0x1F, 0xFF]
        var found: [String] = []
        var accepted = 0, rejected = 0
        for (index, document) in documents.enumerated() {
            var mutants: [[UInt8]] = (0..<document.count).map { Array(document.prefix($0)) }
            for position in stride(from: 0, to: document.count, by: 3) {
                let replacement = replacements[(position / 3) % replacements.count]
                var mutant = document
                mutant[position] = replacement
                mutants.append(mutant)
            }
            for (number, mutant) in mutants.enumerated() {
                if (try? Self.treeParser.parse(mutant)) == nil { rejected += 1 } else { accepted += 1 }
                found += Self.differences(mutant, as: [.pods, .events, .endpointslices], label: "document \(index) mutant \(number)")
            }
        }
        #expect(accepted > 100 && rejected > 1000)
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    /// The documents this suite decodes, each with its members sorted, that parse.
    static func sortedDocuments() throws -> [[UInt8]] {
        var documents = hostileDocuments
        for name in files(in: "Tests/Fuzz/corpus/json") { documents.append(try file(name)) }
        for seed in SeedScenarios.all {
            for step in seed.scenario.steps { documents.append(Array(step.serialized().utf8)) }
        }
        return documents.compactMap { document in
            (try? treeParser.parse(document)).map { Array($0.withSortedMembers.serialized().utf8) }
        }
    }

    @Test func sortedDocumentsDecodeEquallyBothWays() throws {
        let documents = try Self.sortedDocuments()
        #expect(documents.count > 40)
        #expect(documents.contains { String(decoding: $0, as: UTF8.self).hasPrefix(#"{"object":"#) })
        var found: [String] = []
        for (index, document) in documents.enumerated() {
            found += Self.differences(document, label: "sorted \(index)")
        }
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    /// Sorted watch events cut short and with bytes replaced, inside their `object` (read
    /// ahead of its `type`) and after it: the same acceptance and value as the tree, and a
    /// document that is not JSON fails with the first fault a strict check finds, in its words.
    @Test func sortedMutantsFailWithTheirFirstFault() throws {
        let events = try Self.sortedDocuments().filter { String(decoding: $0, as: UTF8.self).hasPrefix(#"{"object":{"#) && $0.count < 4000 }
        #expect(events.count >= 10)
        let replacements: [UInt8] = Array("\"\\{}[],: 0-eEn\u{7F}".utf8) + [0x00, 0x1F, 0xFF]
        var found: [String] = []
        var rejected = 0
        for (index, event) in events.enumerated() {
            var mutants: [[UInt8]] = stride(from: 0, to: event.count, by: 2).map { Array(event.prefix($0)) }
            for position in event.indices {
                var mutant = event
                mutant[position] = replacements[(position + index) % replacements.count]
                mutants.append(mutant)
            }
            for (number, mutant) in mutants.enumerated() {
                let label = "sorted event \(index) mutant \(number)"
                found += Self.differences(mutant, as: [.pods, .events, .endpointslices], label: label)
                guard let fault = firstFault(of: mutant) else { continue }
                rejected += 1
                let decoded = mutant.withUnsafeBytes { raw in
                    Result { () throws(DecodeError) in try WatchEvent.decode(bytes: raw, resource: .pods, at: Self.time) }
                }
                if decoded != .failure(DecodeError(fault.description)) {
                    found.append("\(label): \(decoded), the first fault \(fault)")
                }
            }
        }
        #expect(rejected > 1_000)
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    /// Captures of other shapes from the benchmark's generator, line by line.
    @Test(arguments: [
        "", "--last-applied --containers 6",
        "--long-messages --unicode --events-per-change 2 --no-readiness-probe",
    ])
    func generatedCapturesDecodeEquallyBothWays(options: String) throws {
        let directory = TemporaryDirectory()
        let path = directory.file("capture.jsonl")
        let command = "python3 '\(Paths.packageRoot)/Tests/Bench/make-capture.py' -o '\(path)' --pods 200 --updates 400 \(options) > /dev/null"
        try #require(system(command) == 0, "\(command)")
        let bytes = try #require(readBytes(path))
        let found = Self.recordingDifferences(bytes, label: "capture \(options)", allResources: false)
        #expect(Self.lines(bytes).count > 600)
        #expect(found.isEmpty, "\(found.prefix(3))")
    }
}
