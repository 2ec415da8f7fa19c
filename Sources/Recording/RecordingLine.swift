import JSONLite
import KubeModel

/// One line of a recording after the header, read from its bytes in one pass: the
/// receive time `t`, the stream `src`, then either a stream notice (`stream`,
/// `detail`) or a watch document (`ev`), decoded straight to its typed objects.
///
/// What the tree decode gave, exactly: members may come in any order and unknown
/// ones are skipped (a newer writer's, such as a list page's `"page": N`); a
/// line that is not JSON is an error wherever it breaks; no `t` is an error; a
/// `src` or `stream` this reader does not know makes the line nil, skipped quietly.
/// An `ev` met before the members that say how to read it (members sorted, as `jq -S`
/// writes them) is passed by its brackets and read once the line is: a line that is not
/// JSON still fails at its first fault, in the words a strict check gives.
/// To read one more member, add a case to `Members.read(_:)`'s switch.
enum RecordingLine {
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> SessionInput? {
        var scanner = JSONScanner(bytes: bytes, skipping: WatchEvent.scannerSkipping)
        var line = Members()
        do {
            try line.read(&scanner)
            try scanner.finish()
        } catch {
            // A fault in an `ev` passed unchecked comes first.
            try line.checkPassedEvent(scanner)
            throw error
        }
        if !line.readsEvent {
            // Not read again: its checks are settled here, before any other answer.
            try line.checkPassedEvent(scanner)
        }
        guard let time = line.time else { throw DecodeError("no receive time \"t\"") }
        if line.isLog { return try line.log.map { .log(try $0.input(at: time)) } }
        guard let resource = line.resource else { return nil }
        if let stream = line.stream {
            guard let kind = StreamNotice.Kind(rawValue: stream) else { return nil }
            return .notice(StreamNotice(time: time, resource: resource, kind: kind, detail: line.detail ?? "",
                                        transport: line.transport))
        }
        var change = line.change
        if change == nil || line.decodedPage != line.page {
            if let eventStart = line.eventStart {
                var again = JSONScanner(scanner, resumingAt: eventStart)
                do {
                    change = try WatchEvent.scanChange(&again, resource: resource, page: line.page)
                } catch {
                    try line.checkPassedEvent(scanner)
                    throw error
                }
            } else {
                change = .failure(DecodeError("expected a JSON object"))
            }
        }
        return .event(WatchEvent(time: time, resource: resource, change: try change!.get()))
    }

    /// The members of one line, as they are met.
    private struct Members {
        var time: Timestamp?
        var resource: ResourceKind?
        var stream: String?
        var detail: String?
        var page: Int?
        var transport: String?
        var isLog = false
        var log: ScannedLogLine?
        /// The `ev` decoded where it was met, with the page number it was decoded with
        /// (a `page` met after `ev` means decoding it again).
        var change: Result<WatchEvent.Change, DecodeError>?
        var decodedPage: Int?
        /// Where the `ev` starts, to read it again.
        var eventStart: JSONScanner.Position?
        /// Where an `ev` passed unchecked starts: read again, or checked, once the line is read.
        var passedEvent: JSONScanner.Position?

        /// Whether the line's `ev` is what it says (rather than a notice, a log line, or nothing this reader knows).
        var readsEvent: Bool { time != nil && !isLog && resource != nil && stream == nil }

        mutating func read(_ scanner: inout JSONScanner) throws {
            guard try scanner.peek() == .object else { return try scanner.skipValue() }
            scanner.enterObject()
            var seen = (t: false, src: false, stream: false, detail: false, ev: false, page: false, transport: false, log: false)
            while let key = try scanner.nextKey() {
                switch key {
                case "t" where !seen.t:
                    seen.t = true
                    time = try scanner.withStringBytes { Timestamp(rfc3339Bytes: $0) }
                case "src" where !seen.src:
                    seen.src = true
                    let source = try scanner.string()
                    isLog = source == ScannedLogLine.source
                    resource = source.flatMap(ResourceKind.init(rawValue:))
                case "stream" where !seen.stream:
                    seen.stream = true
                    stream = try scanner.string()
                case "detail" where !seen.detail:
                    seen.detail = true
                    detail = try scanner.string()
                case "page" where !seen.page:
                    seen.page = true
                    page = try scanner.int()
                case "transport" where !seen.transport:
                    seen.transport = true
                    transport = try scanner.string()
                case "log" where !seen.log, "skip" where !seen.log:
                    seen.log = true
                    log = try ScannedLogLine.scan(&scanner, isEntry: key == "log")
                case "ev" where !seen.ev:
                    seen.ev = true
                    // Decoded where it is met when the stream is known (the writer puts
                    // `src` and a list page's `page` first); otherwise come back to it once the line is read.
                    if let resource, stream == nil {
                        eventStart = scanner.position
                        change = try WatchEvent.scanChange(&scanner, resource: resource, page: page)
                        decodedPage = page
                    } else {
                        passedEvent = try scanner.passValue()
                        eventStart = passedEvent
                    }
                default:
                    try scanner.skipValue()
                }
            }
        }

        /// Settles the checks an `ev` passed unchecked still owes: its first fault, if any, thrown.
        func checkPassedEvent(_ scanner: JSONScanner) throws(JSONParseError) {
            if let passedEvent { try scanner.checkValue(at: passedEvent) }
        }
    }
}
