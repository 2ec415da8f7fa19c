import RolloutCore

/// A long table written as tables of `size` rows, each in a block the browser may skip
/// laying out while it is off screen (`content-visibility: auto`): a 12,000-pod table
/// whole took Chromium ~6 s to lay out, in chunks ~1 s. Columns have fixed widths (the
/// stylesheet's, by table class), so the chunks line up as one table.
struct ChunkedTable {
    static let size = 500

    let tableClass: String
    let head: String
    private var rows = 0

    /// `head`: the `<tr>` of `<th>` cells repeated atop each chunk.
    init(tableClass: String, head: String) {
        self.tableClass = tableClass
        self.head = head
    }

    mutating func write<Sink: ReportSink>(row: String, to output: inout Sink) {
        if rows % Self.size == 0 {
            if rows > 0 { output.write("</tbody></table></div>\n") }
            output.write("<div class=\"chunk\"><table class=\"\(tableClass)\"><thead>\(head)</thead><tbody>\n")
        }
        rows += 1
        output.write(row)
    }

    func finish<Sink: ReportSink>(to output: inout Sink) {
        if rows > 0 { output.write("</tbody></table></div>\n") }
    }
}
