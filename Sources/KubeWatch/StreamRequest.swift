import KubeModel

/// One resource to list and watch, with its scope.
public struct StreamRequest: Sendable, Equatable {
    public var resource: ResourceKind
    /// nil: all namespaces.
    public var namespace: String?
    public var labelSelector: String?
    public var fieldSelector: String?

    public init(resource: ResourceKind, namespace: String?, labelSelector: String? = nil, fieldSelector: String? = nil) {
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
    }

    public var listPath: String {
        resource.collectionPath(namespace: namespace) + query([])
    }

    /// One page of the list: `limit` objects, from where `token` (the previous page's
    /// `metadata.continue`) left off; the first page without one.
    public func listPagePath(limit: Int, continuing token: String?) -> String {
        var items = [("limit", String(limit))]
        if let token { items.append(("continue", token)) }
        return resource.collectionPath(namespace: namespace) + query(items)
    }

    /// A watch that resumes after `resourceVersion`; bookmarks keep that version fresh
    /// so a restart after a quiet hour does not fall outside the server's history.
    public func watchPath(from resourceVersion: String) -> String {
        resource.collectionPath(namespace: namespace)
            + query([("watch", "1"), ("resourceVersion", resourceVersion), ("allowWatchBookmarks", "true")])
    }

    private func query(_ extra: [(String, String)]) -> String {
        var items = extra
        if let labelSelector, !labelSelector.isEmpty { items.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(("fieldSelector", fieldSelector)) }
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }
}

/// Percent-encodes a query value: everything but RFC 3986 unreserved characters.
func percentEncoded(_ value: String) -> String {
    var result = ""
    for byte in value.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            result.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            let hex = Array("0123456789ABCDEF".unicodeScalars)
            result.unicodeScalars.append("%")
            result.unicodeScalars.append(hex[Int(byte >> 4)])
            result.unicodeScalars.append(hex[Int(byte & 0xF)])
        }
    }
    return result
}
