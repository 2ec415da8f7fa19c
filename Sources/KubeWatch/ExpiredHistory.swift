/// Whether a failed request says the server's history is gone (HTTP 410: a
/// resourceVersion or continue token too old), read from the words the failure
/// reaches a stream in: kubectl's stderr, or ProxyTransfer's answer in kubectl's
/// words. Such a stream lists again at once; every other failure backs off.
///
/// Whole phrases, never a bare "410" or "Expired": those turn up in failures that
/// are no expiry at all, first of all the server's own address ("The connection to
/// the server 127.0.0.1:41045 was refused"), and a failure taken for an expiry is
/// retried with no backoff for as long as it lasts: a hot loop of requests, with the
/// real failure never on the status line.
enum ExpiredHistory {
    static func isSaid(in failure: String) -> Bool {
        phrases.contains { failure.contains($0) }
    }

    private static let phrases = [
        // The API server's message for an expired watch: in a Status, or kubectl's
        // `error: watch failed: too old resource version: …`.
        "too old resource version",
        // A Status with a reason, as kubectl prints it (and ProxyTransfer after it).
        "Error from server (Expired)",
        "Error from server (Gone)",
        // ProxyTransfer names the code of a Status without a reason.
        "Error from server (410)",
        // A 410 without a Status: kubectl's words, then ProxyTransfer's.
        "the server responded with the status code 410 but",
        "the API server answered 410",
    ]
}
