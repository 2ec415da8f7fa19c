import KubeModel
import RolloutCore

/// Where the view's data comes from, for the header.
public struct SessionInfo: Sendable, Equatable {
    public var context: String?
    public var namespace: String?
    public var target: String?
    /// The recording's path when replaying.
    public var recording: String?

    /// What the user typed (`--context`, the target, a file name) or a recording's
    /// header said is shown in the header bar as it is, so it is made terminal-safe
    /// here, where it enters the view, as cluster strings are where they are decoded.
    public init(context: String?, namespace: String?, target: String?, recording: String? = nil) {
        self.context = context?.sanitizedForTerminal
        self.namespace = namespace?.sanitizedForTerminal
        self.target = target?.sanitizedForTerminal
        self.recording = recording?.sanitizedForTerminal
    }
}

/// LIVE, or a replay playing at a speed or paused, with how far through it is.
public enum Playback: Sendable, Equatable {
    case live
    case playing(speed: Double, progress: Double)
    case paused(speed: Double, progress: Double)

    public var isReplay: Bool { self != .live }
}

/// Everything one frame is drawn from.
public struct ViewInput: Sendable {
    public var state: RolloutState
    public var view: ViewState
    public var session: SessionInfo
    public var playback: Playback
    /// The clock shown and the end of open windows: wall time live, the replay clock in replay.
    public var now: Timestamp
    /// A line for the footer: a stream failing, a skipped line, a marker reached.
    /// Put together by the run loop from kubectl's words and a recording's, so it is
    /// made terminal-safe on the way in, like `SessionInfo`.
    public var status: String?
    public var glyphs: Glyphs

    public init(state: RolloutState, view: ViewState, session: SessionInfo, playback: Playback, now: Timestamp,
                status: String? = nil, glyphs: Glyphs = .unicode) {
        self.state = state
        self.view = view
        self.session = session
        self.playback = playback
        self.now = now
        self.status = status?.sanitizedForTerminal
        self.glyphs = glyphs
    }
}

/// A rectangle of the screen.
struct Rect: Sendable, Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    var maxY: Int { y + height }
}

/// A run of text in one role: the unit widgets build lines from.
struct Segment: Sendable, Equatable {
    var text: String
    var role: Role

    init(_ text: String, _ role: Role) {
        self.text = text
        self.role = role
    }
}

typealias Line = [Segment]

extension Screen {
    /// Draws a line of segments clipped to `width` columns.
    mutating func draw(_ line: Line, x: Int, y: Int, width: Int) {
        var column = x
        for segment in line {
            guard column < x + width else { return }
            column = put(segment.text, x: column, y: y, role: segment.role, limit: x + width - column)
        }
    }
}

/// Short, fixed-width times and durations for a dense view.
enum Format {
    static func clock(_ time: Timestamp) -> String {
        String(time.rfc3339().dropFirst(11).prefix(8))
    }

    static func clockTenths(_ time: Timestamp) -> String {
        String(time.rfc3339(fractionDigits: 3).dropFirst(11).prefix(10))
    }

    static func age(_ seconds: Double) -> String {
        let whole = max(0, Int(seconds))
        if whole < 100 { return "\(whole)s" }
        if whole < 6000 { return "\(whole / 60)m" }
        if whole < 360_000 { return "\(whole / 3600)h" }
        return "\(whole / 86_400)d"
    }

    static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10)) s"
    }

    /// Nearest whole percent: a jump to 90 % lands within a microsecond of it, on
    /// either side, and must read 90 %, not 89 %.
    static func percent(_ fraction: Double) -> String {
        "\(Int((fraction * 100).rounded()))%"
    }

    static func speed(_ value: Double) -> String {
        value >= 1 ? "\(Int(value))×" : "1/\(Int((1 / value).rounded()))×"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let length = DisplayWidth.of(text)
        if length >= width { return text }
        return text + String(repeating: " ", count: width - length)
    }
}
