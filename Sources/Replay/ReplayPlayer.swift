import KubeModel
import RolloutCore

/// The replay clock over a loaded recording: play at a speed, pause, seek, step
/// one event, jump to markers. The state shown is always the timeline's state at
/// the clock, so replay gives the live session's findings at every moment.
public struct ReplayPlayer: Sendable {
    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]

    public let timeline: ReplayTimeline
    public let markers: [ReplayMarker]
    public private(set) var position: Timestamp
    public private(set) var state: RolloutState
    public private(set) var speed: Double
    public private(set) var isPaused = false

    public init(timeline: ReplayTimeline, startOffset: Double = 0, speed: Double = 1) {
        self.timeline = timeline
        markers = ReplayMarker.markers(in: timeline)
        let start = timeline.startTime ?? Timestamp(microseconds: 0)
        position = start
        state = timeline.state(at: start)
        self.speed = speed
        seek(to: start.adding(seconds: startOffset))
    }

    public var start: Timestamp { timeline.startTime ?? position }
    public var end: Timestamp { timeline.endTime ?? position }
    public var isAtEnd: Bool { position >= end }

    public var progress: Double {
        let span = end.seconds(since: start)
        return span > 0 ? min(1, max(0, position.seconds(since: start) / span)) : 1
    }

    public mutating func seek(to time: Timestamp) {
        position = min(max(time, start), end)
        // The timeline takes the current state and lets it go if it cannot play on from it.
        let current = state
        state = RolloutState()
        state = timeline.state(at: position, from: consume current)
    }

    /// Moves the clock by `wallSeconds` of real time at the current speed; pauses at the end.
    public mutating func play(forWallSeconds wallSeconds: Double) {
        guard !isPaused else { return }
        seek(to: position.adding(seconds: wallSeconds * speed))
        if isAtEnd { isPaused = true }
    }

    /// Wall seconds until the next input is due at this speed (nil when paused or at the end).
    public var wallSecondsToNextInput: Double? {
        guard !isPaused, state.inputCount < timeline.inputs.count else { return nil }
        return max(0, timeline.inputs.time(at: state.inputCount).seconds(since: position) / speed)
    }

    public mutating func togglePause() {
        if isPaused, isAtEnd { seek(to: start) }
        isPaused.toggle()
    }

    public mutating func skip(seconds: Double) {
        seek(to: position.adding(seconds: seconds))
    }

    /// The next input's time (while paused): one event forward.
    public mutating func stepForward() {
        guard state.inputCount < timeline.inputs.count else { return }
        seek(to: timeline.inputs.time(at: state.inputCount))
    }

    /// Back to just after the previous event.
    public mutating func stepBack() {
        let count = state.inputCount
        guard count >= 2 else { return seek(to: start) }
        let previousTime = timeline.inputs.time(at: count - 1)
        // Every input at that same instant goes back together.
        let firstAtThatTime = timeline.count(atOrBefore: previousTime.adding(seconds: -0.000_001))
        seek(to: firstAtThatTime > 0 ? timeline.inputs.time(at: firstAtThatTime - 1) : start)
    }

    @discardableResult
    public mutating func nextMarker() -> ReplayMarker? {
        guard let marker = markers.first(where: { $0.time > position }) else { return nil }
        seek(to: marker.time)
        return marker
    }

    @discardableResult
    public mutating func previousMarker() -> ReplayMarker? {
        guard let marker = markers.last(where: { $0.time < position }) else { return nil }
        seek(to: marker.time)
        return marker
    }

    public mutating func faster() {
        speed = ReplayPlayer.speeds.first { $0 > speed } ?? speed
    }

    public mutating func slower() {
        speed = ReplayPlayer.speeds.last { $0 < speed } ?? speed
    }

    /// 0–9: to 0–90 % of the recording.
    public mutating func jump(toTenth tenth: Int) {
        seek(to: start.adding(seconds: end.seconds(since: start) * Double(tenth) / 10))
    }
}
