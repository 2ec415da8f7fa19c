// libFuzzer entry point for `.ci/fuzz`. Not part of the package: the script
// compiles this file together with the sources of JSONLite, KubeModel,
// RolloutCore, the framer, the HTTP response parser and the recording reader into one instrumented binary;
// ROLLWATCH_FUZZ_TARGET (json, framer, recording or http) picks what it feeds.
//
// Each target feeds arbitrary bytes to what reads untrusted input: kubectl's
// output, watch documents, and recording files someone hands you.
#if canImport(Glibc)
import Glibc
#endif

private let target = getenv("ROLLWATCH_FUZZ_TARGET").map { String(cString: $0) } ?? "json"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    switch target {
    case "framer": fuzzFramer(bytes)
    case "recording": fuzzRecording(bytes)
    case "http": fuzzHTTP(bytes)
    default: fuzzJSON(bytes)
    }
    return 0
}

/// Every resource decoder over one parsed document, then the store and rules.
private func decodeEverywhere(_ json: JSON) {
    let time = Timestamp(microseconds: 1_700_000_000_000_000)
    var state = RolloutState()
    for resource in ResourceKind.allCases {
        if let event = try? WatchEvent.decode(json, resource: resource, at: time) {
            state.ingest(.event(event))
        }
        _ = resource.decode(json)
    }
    for finding in state.findings { _ = finding.summary.sanitizedForTerminal }
}

private func fuzzJSON(_ bytes: [UInt8]) {
    for parser in [JSONParser(), JSONParser(skippingKeys: ["managedFields"])] {
        guard let json = try? parser.parse(bytes) else { continue }
        _ = json.serialized()
        _ = json.prettySerialized()
        decodeEverywhere(json)
    }
    decodeBothWays(bytes)
}

/// The decoders from bytes against the tree decoders: the same acceptance, the same
/// values, the same shape errors, for every resource. Any difference traps.
private func decodeBothWays(_ bytes: [UInt8]) {
    let time = Timestamp(microseconds: 1_700_000_000_000_000)
    let tree = try? JSONParser(skippingKeys: Set(WatchEvent.skippedKeys)).parse(bytes)
    for resource in ResourceKind.allCases {
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
        guard let tree else {
            if case .success = scannedEvent { fatalError("the parser rejects the document, the event scan decodes it") }
            if case .success = scannedObject { fatalError("the parser rejects the document, the object scan decodes it") }
            continue
        }
        let treeEvent = Result { () throws(DecodeError) in try WatchEvent.decode(tree, resource: resource, at: time) }
        if treeEvent != scannedEvent { fatalError("as \(resource): \(treeEvent) from the tree, \(scannedEvent) from the bytes") }
        if (try? scannedObject.get()) != resource.decode(tree) { fatalError("as \(resource): the object scan differs") }
    }
}

private func fuzzFramer(_ bytes: [UInt8]) {
    // The first byte picks where the stream is split, as reads from a pipe split it.
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    var framer = JSONFramer(maximumFrameSize: 1 << 12)
    framer.append(bytes[..<split])
    while framer.next() != nil {}
    framer.append(bytes[split...])
    while let frame = framer.next() {
        if case .document(let document) = frame, let json = try? JSONParser().parse(document) { decodeEverywhere(json) }
    }
    _ = framer.finish()
}

private func fuzzRecording(_ bytes: [UInt8]) {
    var reader = RecordingReader(path: "fuzz.jsonl")
    var state = RolloutState()
    try? reader.read(bytes: bytes) { state.ingest($0) }
    let report = Report(version: "fuzz", source: ReportSource(kind: .recording), store: state.store,
                        findings: state.findings, now: state.clock ?? Timestamp(microseconds: 0))
    for format in ReportFormat.allCases { _ = ReportRenderer(format: format).render(report) }
}

/// Responses from `kubectl proxy` (or whatever answers on its socket), split where
/// the first byte says, their bodies framed as watch streams are.
private func fuzzHTTP(_ bytes: [UInt8]) {
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    var parser = HTTPResponseParser()
    var framer = JSONFramer(maximumFrameSize: 1 << 12)
    func drain() throws(HTTPParseError) {
        while let event = try parser.next() {
            if case .body(let piece) = event {
                framer.append(piece)
                while framer.next() != nil {}
            }
        }
    }
    do {
        parser.append(bytes[..<split])
        try drain()
        parser.append(bytes[split...])
        try drain()
        _ = try parser.finish()
    } catch {
        _ = error.description
    }
    _ = framer.finish()
}
