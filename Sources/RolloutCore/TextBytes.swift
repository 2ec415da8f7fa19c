/// Text gathered as UTF-8 bytes, for a sink that writes bytes (`ReportSink.write(utf8:)`):
/// a String grown piece by piece (interpolated lines appended to it) spent more on the
/// appends than a report spends on working out what it prints. Bytes are copied and
/// nothing else, and valid UTF-8 as the Strings they come from.
struct TextBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends the String's bytes. One piece a call: a list of pieces (`String...`) was an
    /// array made for every line. Disfavoured, so that a literal is taken as a `StaticString`.
    @_disfavoredOverload
    mutating func append(_ piece: String) {
        var piece = piece
        piece.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends a literal's bytes, which need no String made of them.
    mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `value` in decimal.
    mutating func append(decimal value: Int) {
        guard value >= 10 || value < 0 else { return bytes.append(UInt8(ascii: "0") + UInt8(value)) }
        append(String(value))
    }
}
