import JSONLite

/// Free text the cluster sends (event messages, container state reasons and
/// messages, condition messages) is cut to a bounded length when decoded. The
/// API server caps an event's message at 1 KiB and the kubelet a termination
/// message at 4 KiB, so anything longer is hostile or broken; keeping it whole
/// would put megabyte lines into reports and megabytes into every pod's history.
public enum FreeText {
    public static let limit = 4096

    public static func bounded(_ text: String) -> String {
        // The UTF-8 count is O(1) for native strings: the common case costs nothing.
        guard text.utf8.count > limit else { return text }
        let kept = String(text.unicodeScalars.prefix(limit))
        guard kept.utf8.count < text.utf8.count else { return text }
        return kept + "… [\(text.utf8.count - kept.utf8.count) more bytes not kept]"
    }
}
