/// What a failed log request means for the stream, read from kubectl's (or the API
/// server's) words, which are all either transport gives; both say a Status the same
/// way: `Error from server (REASON): MESSAGE`.
enum LogStreamFailure: Equatable {
    /// The container has not started (yet): 400 BadRequest with the kubelet's words from
    /// validateContainerLogStatus (pkg/kubelet/kubelet_pods.go), `container "C" in pod "P"
    /// is waiting to start: PodInitializing` (or `ContainerCreating`, `image can't be
    /// pulled`, `- no logs yet`), or `is not available` before it has any status at all.
    case containerNotStarted
    /// The pod (or its namespace) is gone: 404 NotFound. Nothing to resume.
    case gone
    case other

    init(_ words: String) {
        if words.contains("is waiting to start") || (words.contains("(BadRequest)") && words.hasSuffix("is not available")) {
            self = .containerNotStarted
        } else if words.contains("Error from server (NotFound)") || words == "the API server answered 404" {
            self = .gone
        } else {
            self = .other
        }
    }
}
