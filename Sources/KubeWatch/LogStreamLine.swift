import KubeModel

/// One line of a container's log, as the kubelet stamped it (timestamps=true).
public struct LogLine: Sendable, Equatable {
    /// The kubelet's RFC 3339 nano timestamp at the line's start (to the microsecond:
    /// `Timestamp`'s precision), or the receive time for a line that had none.
    public var stamp: Timestamp
    /// The line without the stamp, the space after it, or the newline: raw bytes, since
    /// a container prints whatever it likes (the parser downstream judges them).
    public var text: [UInt8]

    public init(stamp: Timestamp, text: [UInt8]) {
        self.stamp = stamp
        self.text = text
    }

    /// The longest stamp the kubelet writes with an offset and nine fraction digits
    /// (`2024-05-01T15:23:10.123456789+00:00`), and some slack: where to look for the space.
    static let longestStamp = 40

    /// The stamp at the start of `line` (`STAMP TEXT`), when it has one the kubelet would write.
    static func stamp(of line: ArraySlice<UInt8>) -> (stamp: Timestamp, textStart: Int)? {
        guard let space = line.prefix(longestStamp).firstIndex(of: UInt8(ascii: " ")) else { return nil }
        let stamp = line[line.startIndex..<space].withUnsafeBytes { Timestamp(rfc3339Bytes: $0) }
        return stamp.map { ($0, space + 1) }
    }
}
