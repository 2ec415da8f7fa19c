/// One thing the pipeline takes in, live or replayed: a decoded watch event, a
/// change in a stream's life, or a line of a followed proxy log. Each carries its
/// receive time.
public enum SessionInput: Sendable, Equatable {
    case event(WatchEvent)
    case notice(StreamNotice)
    case log(LogInput)

    public var time: Timestamp {
        switch self {
        case .event(let event): return event.time
        case .notice(let notice): return notice.time
        case .log(let log): return log.time
        }
    }
}
