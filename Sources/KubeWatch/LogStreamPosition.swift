import KubeModel

/// How far a log stream has read: the latest kubelet stamp handed on, and how many
/// lines carried exactly that stamp (several lines often share one: a burst written in
/// one go, or stamps the runtime had only to the microsecond). What a resumed request
/// starts from, and how it knows which of the lines sent again it has already seen.
struct LogStreamPosition: Equatable {
    private(set) var stamp: Timestamp
    private(set) var linesAtStamp: Int

    init(first stamp: Timestamp) {
        self.stamp = stamp
        linesAtStamp = 1
    }

    /// A line stamped `stamp` was handed on. A stamp earlier than the latest (the runtime
    /// interleaving stdout and stderr) leaves the position where it is: a resumed request
    /// sends that line again too, and the replay drops it as older.
    mutating func record(_ stamp: Timestamp) {
        if stamp == self.stamp {
            linesAtStamp += 1
        } else if stamp > self.stamp {
            self.stamp = stamp
            linesAtStamp = 1
        }
    }

    /// The filter for the lines a request resumed from here sends again.
    var replay: LogStreamReplay { LogStreamReplay(from: stamp, alreadySeen: linesAtStamp) }
}
