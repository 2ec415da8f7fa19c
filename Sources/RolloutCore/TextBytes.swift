/// Text gathered as UTF-8 bytes, for a sink that writes bytes (`ReportSink.write(utf8:)`):
/// a String grown piece by piece (interpolated lines appended to it) spent more on the
/// appends than a report spends on working out what it prints. Bytes are copied and
/// nothing else, and valid UTF-8 as the Strings they come from.
struct TextBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends the pieces in order.
    mutating func append(_ pieces: String...) {
        for piece in pieces {
            var piece = piece
            piece.withUTF8 { bytes.append(contentsOf: $0) }
        }
    }
}
