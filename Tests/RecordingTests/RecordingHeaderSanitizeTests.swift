import JSONLite
import KubeModel
import Recording
import Testing

/// A recording is input like the cluster: its header's words are shown in the
/// view's header bar and a report's source, so they are made safe when read.
struct RecordingHeaderSanitizeTests {
    @Test func aHeaderWithEscapeSequencesReadsBackSafe() throws {
        let json: JSON = ["rollwatch": "recording", "version": .int(RecordingHeader.currentVersion),
                          "context": "gke\u{1B}]2;pwned\u{07}-prod", "namespace": "shop\u{1B}[2J",
                          "target": "deploy/\u{202E}checkout", "kubectl": "kubectl\u{9B}31m"]
        let header = try RecordingHeader(json: json, path: "hostile.jsonl")
        #expect(header.context == "gke-prod")
        #expect(header.namespace == "shop")
        #expect(header.target == "deploy/checkout")
        #expect(header.kubectl == "kubectl")
    }
}
