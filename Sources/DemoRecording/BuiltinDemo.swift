// demo.jsonl beside this file is data, not code: `make demo-recording` writes it by serving
// every seed through the test stand-in and recording it with the real kubectl
// (`rollwatch record -A`), and SwiftPM embeds it as `PackageResources.demo_jsonl`.

/// The recording `rollwatch demo` replays, as the bytes of a recording file.
public enum BuiltinDemo {
    public static var bytes: [UInt8] { PackageResources.demo_jsonl }
}
