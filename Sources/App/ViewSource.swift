import KubeModel
import Runtime
import RolloutCore
import RolloutUI
import Session
import Replay

/// What the terminal view shows and how time moves in it: the live session, or a
/// replay. The view code is the same for both.
public protocol ViewSource: AnyObject {
    var state: RolloutState { get }
    var playback: Playback { get }
    var now: Timestamp { get }
    var status: String? { get }
    /// When the source next changes without input (the replay clock, the live header clock).
    var nextTick: MonotonicInstant? { get }
    /// Called at `nextTick`; returns whether anything on screen changed.
    func tick(now: MonotonicInstant) -> Bool
    /// Replay controls; ignored live.
    func perform(_ control: ReplayControl)
    /// Called for any change the source makes by itself (a watch event).
    var onChange: (() -> Void)? { get set }
}

/// The live session as a view source: wall-clock time, stream trouble as status.
public final class LiveViewSource: ViewSource {
    public let session: LiveSession
    public var onChange: (() -> Void)? {
        didSet { session.onChange = onChange }
    }

    public init(session: LiveSession) {
        self.session = session
    }

    public var state: RolloutState { session.state }
    public var playback: Playback { .live }
    public var now: Timestamp { .now() }

    public var status: String? { session.trouble(now: .now()) }

    /// The header clock shows seconds: tick on the next whole wall-clock second.
    /// Stored, not computed on each read, so the run loop sees it fall due.
    public private(set) var nextTick: MonotonicInstant? = LiveViewSource.nextWholeSecond()

    public func tick(now: MonotonicInstant) -> Bool {
        nextTick = LiveViewSource.nextWholeSecond()
        return true
    }

    private static func nextWholeSecond() -> MonotonicInstant {
        let wall = Timestamp.now()
        return MonotonicInstant.now().adding(1 - Double(wall.microseconds % 1_000_000) / 1_000_000)
    }
    public func perform(_ control: ReplayControl) {}
}

/// A recording as a view source, driven by the replay clock.
public final class ReplayViewSource: ViewSource {
    public private(set) var player: ReplayPlayer
    private var lastTick = MonotonicInstant.now()
    public private(set) var status: String?
    public var onChange: (() -> Void)?

    public init(player: ReplayPlayer, warning: String?) {
        self.player = player
        status = warning
    }

    public var state: RolloutState { player.state }
    public var now: Timestamp { player.position }

    public var playback: Playback {
        player.isPaused ? .paused(speed: player.speed, progress: player.progress)
            : .playing(speed: player.speed, progress: player.progress)
    }

    /// While playing: the next input, or the next tenth of a second of clock (the
    /// header and open windows move), whichever is sooner. Paused: never.
    public var nextTick: MonotonicInstant? {
        guard !player.isPaused else { return nil }
        let wait = min(player.wallSecondsToNextInput ?? 0.1, 0.1)
        return lastTick.adding(max(0.02, wait))
    }

    public func tick(now: MonotonicInstant) -> Bool {
        let elapsed = max(0, now.seconds - lastTick.seconds)
        lastTick = now
        player.play(forWallSeconds: elapsed)
        if player.isPaused, player.isAtEnd { status = "end of the recording — space plays it again" }
        return true
    }

    public func perform(_ control: ReplayControl) {
        lastTick = MonotonicInstant.now()
        status = nil
        switch control {
        case .togglePause: player.togglePause()
        case .skip(let seconds): player.skip(seconds: seconds)
        case .stepBack: if player.isPaused { player.stepBack() } else { status = "pause (space) to step one event" }
        case .stepForward: if player.isPaused { player.stepForward() } else { status = "pause (space) to step one event" }
        case .nextMarker: status = player.nextMarker().map { "▶ " + $0.label } ?? "no marker after this point"
        case .previousMarker: status = player.previousMarker().map { "◀ " + $0.label } ?? "no marker before this point"
        case .faster: player.faster()
        case .slower: player.slower()
        case .jump(let tenth): player.jump(toTenth: tenth)
        }
    }
}
