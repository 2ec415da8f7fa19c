import JSONLite

extension ObjectMeta {
    /// Labels, read annotations and owners decoded before (see `PrefixMemo`): every pod of
    /// a ReplicaSet has the same ones, in every update of it. A few hundred of each, the
    /// annotations' raw bytes at most 32 KiB each (a last-applied-configuration included).
    static let labelsMemo = PrefixMemo<[String: String]>(hashedPrefix: 32, longest: 16 << 10, setCount: 128, ways: 4)
    static let annotationsMemo = PrefixMemo<[String: String]>(hashedPrefix: 64, longest: 32 << 10, setCount: 128, ways: 4)
    static let ownersMemo = PrefixMemo<[OwnerReference]>(hashedPrefix: 32, longest: 4_096, setCount: 64, ways: 4)

    /// `ObjectMeta(json:)` read straight from a scanner at the value.
    init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        var name: String?, namespace: String?, uid: String?, resourceVersion: String?
        var generation: Int?, deletionGracePeriodSeconds: Int?
        var labels: [String: String] = [:], annotations: [String: String] = [:]
        var creationTimestamp: Timestamp?, deletionTimestamp: Timestamp?
        var ownerReferences: [OwnerReference] = []
        if try scanner.enterObjectIfPresent() {
            var seen = FirstMembers()
            while let key = try scanner.nextKey() {
                switch key {
                case "name" where seen.first(0): name = try scanner.clusterString()
                case "namespace" where seen.first(1): namespace = try scanner.clusterString()
                case "uid" where seen.first(2): uid = try scanner.string()
                case "resourceVersion" where seen.first(3): resourceVersion = try scanner.string()
                case "generation" where seen.first(4): generation = try scanner.int()
                case "labels" where seen.first(5):
                    labels = try scanner.remembered(in: Self.labelsMemo) { (value: inout JSONScanner) throws(JSONParseError) in
                        try value.stringMap()
                    }
                case "annotations" where seen.first(6):
                    annotations = try scanner.remembered(in: Self.annotationsMemo, Self.readAnnotations)
                case "creationTimestamp" where seen.first(7): creationTimestamp = try scanner.timestamp()
                case "deletionTimestamp" where seen.first(8): deletionTimestamp = try scanner.timestamp()
                case "deletionGracePeriodSeconds" where seen.first(9): deletionGracePeriodSeconds = try scanner.int()
                case "ownerReferences" where seen.first(10):
                    ownerReferences = try scanner.remembered(in: Self.ownersMemo) { (value: inout JSONScanner) throws(JSONParseError) in
                        try value.elements { (element: inout JSONScanner) throws(JSONParseError) in try OwnerReference(scanning: &element) }
                    }
                default: try scanner.skipValue()
                }
            }
        }
        self.init(name: name ?? "", namespace: namespace ?? "", uid: uid ?? "", resourceVersion: resourceVersion ?? "",
                  generation: generation, labels: labels, annotations: annotations, creationTimestamp: creationTimestamp,
                  deletionTimestamp: deletionTimestamp, deletionGracePeriodSeconds: deletionGracePeriodSeconds,
                  ownerReferences: ownerReferences)
    }

    /// The annotations rollwatch reads; the others' values (last-applied-configuration is
    /// a whole object spec) are skipped unread, decided from the key alone.
    static func readAnnotations(_ scanner: inout JSONScanner) throws(JSONParseError) -> [String: String] {
        guard try scanner.enterObjectIfPresent() else { return [:] }
        var members: [(String, String)] = []
        members.reserveCapacity(4)
        while let key = try scanner.nextKey() {
            if key.matches(plain: isRead(annotationBytes:), text: isRead(annotation:)) {
                if let value = try scanner.string() { members.append((key.text, value)) }
            } else {
                try scanner.skipValue()
            }
        }
        return Dictionary(exactly: members)
    }

    /// `readAnnotationPrefixes` as bytes, with whether each is a prefix or a whole key.
    private static let readAnnotationBytes: [(bytes: [UInt8], isPrefix: Bool)] =
        readAnnotationPrefixes.map { (Array($0.utf8), $0.hasSuffix("/")) }

    /// `isRead(annotation:)` for a key of plain ASCII, where bytes compare as the Strings do.
    static func isRead(annotationBytes key: UnsafeRawBufferPointer) -> Bool {
        readAnnotationBytes.contains { entry in
            entry.isPrefix ? key.starts(with: entry.bytes) : key.elementsEqual(entry.bytes)
        }
    }
}

extension OwnerReference {
    init(scanning scanner: inout JSONScanner) throws(JSONParseError) {
        var kind: String?, name: String?, uid: String?, isController: Bool?
        if try scanner.enterObjectIfPresent() {
            var seen = FirstMembers()
            while let key = try scanner.nextKey() {
                switch key {
                case "kind" where seen.first(0): kind = try scanner.clusterString()
                case "name" where seen.first(1): name = try scanner.clusterString()
                case "uid" where seen.first(2): uid = try scanner.string()
                case "controller" where seen.first(3): isController = try scanner.bool()
                default: try scanner.skipValue()
                }
            }
        }
        self.init(kind: kind ?? "", name: name ?? "", uid: uid ?? "", isController: isController ?? false)
    }
}

extension ObjectReference {
    /// `ObjectReference(target:)`: nil without a string `name`; the value is consumed either
    /// way. Kinds and namespaces equal to the last read are taken from the memos.
    static func scanTarget(_ scanner: inout JSONScanner, kinds: inout ClusterStringMemo, namespaces: inout ClusterStringMemo)
        throws(JSONParseError) -> ObjectReference? {
        var kind: String?, namespace: String?, name: String?
        guard try scanner.enterObjectIfPresent() else { return nil }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "kind" where seen.first(0): kind = try scanner.clusterString(memo: &kinds)
            case "namespace" where seen.first(1): namespace = try scanner.clusterString(memo: &namespaces)
            case "name" where seen.first(2): name = try scanner.clusterString()
            default: try scanner.skipValue()
            }
        }
        guard let name else { return nil }
        return ObjectReference(kind: kind ?? "", namespace: namespace ?? "", name: name)
    }

    /// `ObjectReference(json:)`: nil without a string `name`; the value is consumed either way.
    static func scan(_ scanner: inout JSONScanner) throws(JSONParseError) -> ObjectReference? {
        var kind: String?, namespace: String?, name: String?, fieldPath: String?
        guard try scanner.enterObjectIfPresent() else { return nil }
        var seen = FirstMembers()
        while let key = try scanner.nextKey() {
            switch key {
            case "kind" where seen.first(0): kind = try scanner.clusterString()
            case "namespace" where seen.first(1): namespace = try scanner.clusterString()
            case "name" where seen.first(2): name = try scanner.clusterString()
            case "fieldPath" where seen.first(4): fieldPath = try scanner.clusterString()
            default: try scanner.skipValue()
            }
        }
        guard let name else { return nil }
        return ObjectReference(kind: kind ?? "", namespace: namespace ?? "", name: name, fieldPath: fieldPath ?? "")
    }
}
