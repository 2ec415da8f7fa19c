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
/// To read one more member, add a case to `decode(_:)`'s switch.
enum RecordingLine {
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> SessionInput? {
        var scanner = JSONScanner(bytes: bytes, skipping: WatchEvent.scannerSkipping)
        var time: Timestamp?
        var resource: ResourceKind?
        var stream: String?
        var detail: String?
        var change: Result<WatchEvent.Change, DecodeError>?
        var changeStart: JSONScanner.Position?
        var page: Int?
        /// The page number `change` was decoded with: a `page` met after `ev` means decoding it again.
        var decodedPage: Int?
        var transport: String?
        var isLog = false
        var log: ScannedLogLine?
        if try scanner.peek() == .object {
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
                    changeStart = scanner.position
                    if let resource, stream == nil {
                        change = try WatchEvent.scanChange(&scanner, resource: resource, page: page)
                        decodedPage = page
                    } else {
                        try scanner.skipValue()
                    }
                default:
                    try scanner.skipValue()
                }
            }
        } else {
            try scanner.skipValue()
        }
        try scanner.finish()
        guard let time else { throw DecodeError("no receive time \"t\"") }
        if isLog { return try log.map { .log(try $0.input(at: time)) } }
        guard let resource else { return nil }
        if let stream {
            guard let kind = StreamNotice.Kind(rawValue: stream) else { return nil }
            return .notice(StreamNotice(time: time, resource: resource, kind: kind, detail: detail ?? "", transport: transport))
        }
        if change == nil || decodedPage != page {
            if let changeStart {
                var again = JSONScanner(scanner, resumingAt: changeStart)
                change = try WatchEvent.scanChange(&again, resource: resource, page: page)
            } else {
                change = .failure(DecodeError("expected a JSON object"))
            }
        }
        return .event(WatchEvent(time: time, resource: resource, change: try change!.get()))
    }
}
