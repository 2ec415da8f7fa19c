// Placeholder until the demo recording is generated.
enum DemoRecording {
    static let text = ""
}
