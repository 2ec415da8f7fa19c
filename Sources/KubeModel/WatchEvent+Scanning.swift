import JSONLite

extension WatchEvent {
    /// The keys whose values are skipped unread and unchecked beyond their brackets, as
    /// the tree parser of the recorder and the tests skips them (`JSONParser(skippingKeys:)`).
    public static let skippedKeys = ["managedFields"]
    /// `skippedKeys` as a scanner takes them, worked out once.
    public static let scannerSkipping = JSONScanner.SkippedKeys(skippedKeys)

    /// Decodes one document of a watch or list stream from its bytes, straight to the
    /// typed subsets: the live path's decoder. The result equals
    /// `decode(JSONParser(skippingKeys: ["managedFields"]).parse(bytes), resource:, at:)`
    /// for every input; a document that is not JSON is a `DecodeError` naming the byte.
    /// - Parameter page: the page's number when the document is one page of a list read
    ///   in pages (its `metadata.continue` says whether more follow), as for the tree decode.
    public static func decode(bytes: UnsafeRawBufferPointer, resource: ResourceKind, at time: Timestamp,
                              page: Int? = nil) throws(DecodeError) -> WatchEvent {
        var scanner = JSONScanner(bytes: bytes, skipping: scannerSkipping)
        let change: Result<Change, DecodeError>
        do {
            change = try scanChange(&scanner, resource: resource, page: page)
            try scanner.finish()
        } catch {
            throw DecodeError(error.description)
        }
        return WatchEvent(time: time, resource: resource, change: try change.get())
    }

    /// The change a document says, the scanner at it and left after it. Any of
    /// the shapes `decode(_:resource:at:)` takes, told apart as it tells them: a
    /// string `type` (a watch event), else `kind` "Status", else an `items` array (a
    /// List), else a bare object with a string metadata.name.
    ///
    /// One pass in the usual case: `type` comes before `object` in what the API
    /// server and kubectl print, so the object is decoded where it is met; a List's
    /// items are decoded as met too. With `object` first (members sorted, as `jq -S` and
    /// Python's `sort_keys` write them) the object is decoded as an ADDED, MODIFIED or
    /// DELETED event's is, and read again only if `type` turns out to be another. A Status
    /// or a bare object is read a second time from where it starts.
    ///
    /// Invalid JSON throws; a shape rollwatch cannot use is a failure returned once
    /// the whole document has been checked, so the error is the parser's when both apply.
    public static func scanChange(_ scanner: inout JSONScanner, resource: ResourceKind,
                                  page: Int? = nil) throws(JSONParseError) -> Result<Change, DecodeError> {
        let start = scanner.position
        guard try scanner.peek() == .object else {
            try scanner.skipValue()
            return .failure(DecodeError("expected a JSON object"))
        }
        scanner.enterObject()
        var seen = FirstMembers()
        var typeSeen = false
        var type: String?
        var objectIsObject = false
        var objectChange: Result<Change, DecodeError>?
        var objectStart: JSONScanner.Position?
        /// The object met before `type`, decoded as the events that carry one read it.
        var objectAhead: KubeObject?
        var kind: String?
        var items: [KubeObject]?
        var metadataName: String?, metadataResourceVersion: String?, metadataContinue: String?
        while let key = try scanner.nextKey() {
            switch key {
            case "type" where seen.first(0):
                typeSeen = true
                type = try scanner.string()
            case "object" where seen.first(1):
                objectIsObject = try scanner.peek() == .object
                if typeSeen, let type, objectIsObject {
                    objectChange = try scanObject(&scanner, type: type, resource: resource)
                } else if !typeSeen, objectIsObject {
                    let start = scanner.position
                    objectStart = start
                    do throws(JSONParseError) {
                        objectAhead = try resource.decode(scanning: &scanner)
                    } catch {
                        // In the words a strict skip gives, as when the object was skipped here.
                        try scanner.checkValue(at: start)
                        throw error
                    }
                } else {
                    try scanner.skipValue()
                }
            case "kind" where seen.first(2):
                kind = try scanner.string()
            case "items" where seen.first(3):
                if type == nil, try scanner.peek() == .array {
                    items = try scanner.elements { (item: inout JSONScanner) throws(JSONParseError) in
                        try resource.decode(scanning: &item)
                    }
                } else {
                    try scanner.skipValue()
                }
            case "metadata" where seen.first(4):
                guard try scanner.enterObjectIfPresent() else { continue }
                var metadataSeen = FirstMembers()
                while let member = try scanner.nextKey() {
                    switch member {
                    case "name" where metadataSeen.first(0): metadataName = try scanner.string()
                    case "resourceVersion" where metadataSeen.first(1): metadataResourceVersion = try scanner.string()
                    case "continue" where metadataSeen.first(2): metadataContinue = try scanner.string()
                    default: try scanner.skipValue()
                    }
                }
            default:
                try scanner.skipValue()
            }
        }
        if let type {
            guard objectIsObject else { return .failure(DecodeError("watch event \(type) without an object")) }
            if let objectChange { return objectChange }
            if let objectAhead, let change = Change(type: type, object: objectAhead) { return .success(change) }
            var again = JSONScanner(scanner, resumingAt: objectStart!)
            return try scanObject(&again, type: type, resource: resource)
        }
        if kind == "Status" {
            var again = JSONScanner(scanner, resumingAt: start)
            return .success(.error(try APIStatus(scanning: &again)))
        }
        if let items {
            let version = metadataResourceVersion ?? ""
            if let page {
                let next = metadataContinue.flatMap { $0.isEmpty ? nil : $0 }
                return .success(.listPage(items, resourceVersion: version, number: page, next: next))
            }
            return .success(.replaced(items, resourceVersion: version))
        }
        guard metadataName != nil else { return .failure(DecodeError("object without metadata.name")) }
        var again = JSONScanner(scanner, resumingAt: start)
        return .success(.modified(try resource.decode(scanning: &again)))
    }

    /// A watch event's object (the scanner at it, an object) by the event's type.
    private static func scanObject(_ scanner: inout JSONScanner, type: String, resource: ResourceKind)
        throws(JSONParseError) -> Result<Change, DecodeError> {
        switch type {
        case "ADDED": return .success(.added(try resource.decode(scanning: &scanner)))
        case "MODIFIED": return .success(.modified(try resource.decode(scanning: &scanner)))
        case "DELETED": return .success(.deleted(try resource.decode(scanning: &scanner)))
        case "BOOKMARK":
            let version = try scanner.member("metadata") { (metadata: inout JSONScanner) throws(JSONParseError) in
                try metadata.member("resourceVersion") { (value: inout JSONScanner) throws(JSONParseError) in try value.string() }
            }
            return .success(.bookmark(resourceVersion: version ?? ""))
        case "ERROR": return .success(.error(try APIStatus(scanning: &scanner)))
        default:
            try scanner.skipValue()
            return .failure(DecodeError("unknown watch event type \(type)"))
        }
    }
}

extension WatchEvent.Change {
    /// The change of a watch event whose type carries an object: ADDED, MODIFIED or DELETED; nil for any other type.
    init?(type: String, object: KubeObject) {
        switch type {
        case "ADDED": self = .added(object)
        case "MODIFIED": self = .modified(object)
        case "DELETED": self = .deleted(object)
        default: return nil
        }
    }
}
