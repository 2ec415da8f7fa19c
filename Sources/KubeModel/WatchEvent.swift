import JSONLite

/// One thing a stream received, stamped with its receive time: where the live
/// path and the replay path meet.
public struct WatchEvent: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        case added(KubeObject)
        case modified(KubeObject)
        case deleted(KubeObject)
        /// A complete list: the store replaces everything it holds of this resource
        /// (objects absent from the list were deleted while no watch was open).
        case replaced([KubeObject], resourceVersion: String)
        /// Page `number` (from 1) of a list read in pages: its objects are taken as they
        /// come; once the last page is in (`next` is nil), what the whole list lacked is
        /// gone, as for `replaced`. `next` is the page's `metadata.continue`, the token
        /// that asks for the page after it.
        case listPage([KubeObject], resourceVersion: String, number: Int, next: String?)
        case bookmark(resourceVersion: String)
        case error(APIStatus)
    }

    public var time: Timestamp
    public var resource: ResourceKind
    public var change: Change

    public init(time: Timestamp, resource: ResourceKind, change: Change) {
        self.time = time
        self.resource = resource
        self.change = change
    }
}

/// Why a JSON document is not something rollwatch can use.
public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

extension WatchEvent {
    /// Decodes any of the shapes kubectl prints: a watch event (`{"type","object"}`,
    /// from `--output-watch-events` or `--raw ?watch=1`), a List (from a list
    /// request), or a bare object (plain `--watch`, which cannot show deletions).
    /// - Parameter page: the page's number when the document is one page of a list read
    ///   in pages (its `metadata.continue` says whether more follow).
    public static func decode(_ document: JSON, resource: ResourceKind, at time: Timestamp, page: Int? = nil) throws(DecodeError) -> WatchEvent {
        guard document.object != nil else { throw DecodeError("expected a JSON object") }
        if let type = document["type"].string {
            let object = document["object"]
            guard object.object != nil else { throw DecodeError("watch event \(type) without an object") }
            let change: Change
            switch type {
            case "ADDED": change = .added(resource.decode(object))
            case "MODIFIED": change = .modified(resource.decode(object))
            case "DELETED": change = .deleted(resource.decode(object))
            case "BOOKMARK": change = .bookmark(resourceVersion: object["metadata"]["resourceVersion"].string ?? "")
            case "ERROR": change = .error(APIStatus(json: object))
            default: throw DecodeError("unknown watch event type \(type)")
            }
            return WatchEvent(time: time, resource: resource, change: change)
        }
        if document["kind"].string == "Status" {
            return WatchEvent(time: time, resource: resource, change: .error(APIStatus(json: document)))
        }
        if case .array(let items) = document["items"] {
            let version = document["metadata"]["resourceVersion"].string ?? ""
            if let page {
                let next = document["metadata"]["continue"].string.flatMap { $0.isEmpty ? nil : $0 }
                return WatchEvent(time: time, resource: resource,
                                  change: .listPage(items.map(resource.decode), resourceVersion: version, number: page, next: next))
            }
            return WatchEvent(time: time, resource: resource, change: .replaced(items.map(resource.decode), resourceVersion: version))
        }
        guard document["metadata"]["name"].string != nil else { throw DecodeError("object without metadata.name") }
        return WatchEvent(time: time, resource: resource, change: .modified(resource.decode(document)))
    }
}
