/// One thing the pipeline takes in, live or replayed: a decoded watch event or a
/// change in a stream's life. Both carry their receive time.
public enum SessionInput: Sendable, Equatable {
    case event(WatchEvent)
    case notice(StreamNotice)

    public var time: Timestamp {
        switch self {
        case .event(let event): return event.time
        case .notice(let notice): return notice.time
        }
    }
}
