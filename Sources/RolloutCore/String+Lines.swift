extension String {
    /// `split(separator: "\n", omittingEmptySubsequences: false)`, found in the UTF-8
    /// bytes instead of walking Characters (a report splits the same long fix text of
    /// every finding). A line feed is a Character of its own except right after a
    /// carriage return (CR LF is one Character), so a break is every LF byte whose byte
    /// before is not CR.
    var linesSplitAtLineFeeds: [Substring] {
        var lines: [Substring] = []
        var start = utf8.startIndex
        var previous: UInt8 = 0
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            let next = utf8.index(after: index)
            if byte == 0x0A, previous != 0x0D {
                lines.append(self[start..<index])
                start = next
            }
            previous = byte
            index = next
        }
        lines.append(self[start...])
        return lines
    }
}
