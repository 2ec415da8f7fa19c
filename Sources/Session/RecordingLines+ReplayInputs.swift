import KubeModel
import Recording
import Replay

/// A recording's line index is what a replay steps through: times at hand, each input
/// decoded from its line when a seek replays it.
extension RecordingLines: ReplayInputs {
    /// A line's bytes, plus what the store and rules take per input whatever its size.
    public func cost(at index: Int) -> Int { length(at: index) + RecordingLines.costPerInput }
    public var decodedInputsHeld: Int { 0 }

    /// The store and rules' share of an input's replay, in line bytes (a stream notice
    /// is ~100 bytes but not free).
    static let costPerInput = 256
}

extension KeyframeSpacing {
    /// For a recording, spaced by line bytes: a keyframe every 256 KB of lines or more
    /// (a small recording replays from the start in well under a frame), at most 20.
    /// Measured on the 159 MB, 10,000-pod capture (`rollwatch-bench seek`): 20 keyframes
    /// hold ~50 MB beside the state itself, peak 154 MiB, seek median 33–44 ms (since the
    /// store's buckets are arrays and its serial tables chunked: ~40 MB, peak 146 MiB); 40 held
    /// ~70 MB, peak 187–201 MiB, median 16–38 ms. Thinning halves the count, so a file
    /// ends with 10 to 20 (a cap of 16 left this capture 10: median ~170 ms).
    public static let recordingLines = KeyframeSpacing(minimumCost: 256 << 10, maximumCount: 20)
}
