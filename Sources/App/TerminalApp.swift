#if canImport(Glibc)
import Glibc
#endif
import CPosix
import Runtime
import RolloutCore
import RolloutUI
import Terminal

/// The terminal view on the run loop: keys from stdin, frames when something
/// changed (at most 10 a second), nothing at all while nothing does. A key goes
/// through `ViewState.handle`, which changes the view state and returns effects;
/// this carries them out (replay controls to the source, quit), and signals end the loop.
public final class TerminalApp: PollSource {
    /// Ten frames a second: a table changing 50 times a second reads no better at 20,
    /// each frame is bytes on a bastion's SSH link, and frames were half of a long
    /// session's CPU at 20 (the soak's profile).
    static let frameInterval = 0.1

    private let terminal: CursesTerminal
    private let source: ViewSource
    private let session: SessionInfo
    private let glyphs: Glyphs
    private let loop: RunLoop
    private let view = RolloutView()
    private var viewState = ViewState()
    private var lastRendered: Rendered?
    private var dirty = true
    private var lastFrame = MonotonicInstant(seconds: 0)
    private var quitRequested = false
    public private(set) var endedBySignal: Int32?

    public init(terminal: CursesTerminal, source: ViewSource, session: SessionInfo, glyphs: Glyphs, loop: RunLoop) {
        self.terminal = terminal
        self.source = source
        self.session = session
        self.glyphs = glyphs
        self.loop = loop
        source.onChange = { [unowned self] in self.dirty = true }
        loop.add(self)
    }

    // MARK: PollSource

    public var pollDescriptors: [Int32] { [0] }

    /// While a frame waits for the tty no frame falls due: POLLOUT on the tty
    /// (`handleWritable`) draws the next one once it drains.
    public var nextDeadline: MonotonicInstant? {
        let frame = dirty && !terminal.isBacklogged ? lastFrame.adding(TerminalApp.frameInterval) : nil
        switch (frame, source.nextTick) {
        case let (frame?, tick?): return min(frame, tick)
        case let (frame?, nil): return frame
        case let (nil, tick): return tick
        }
    }

    public func handleReadable(_ fd: Int32, now: MonotonicInstant) {
        var resized = false
        let keys = terminal.readKeys(resized: &resized)
        if resized { resize() }
        // stdin closed (the terminal went away): nothing more will come, stop.
        if keys.isEmpty, !resized, isStdinGone() { return stopLoop() }
        for key in keys { handle(key) }
        if quitRequested { return stopLoop() }
        // Answer keys at once; the 10 fps cap is for data, not for people.
        if dirty { render(now: now) }
    }

    public var writeDescriptors: [Int32] { terminal.isBacklogged ? [terminal.outputDescriptor] : [] }

    /// The tty took bytes again: send the rest of the frame, and once nothing waits
    /// draw the current state whole (the frames in between were never drawn).
    public func handleWritable(_ fd: Int32, now: MonotonicInstant) {
        if terminal.flushBacklog(), dirty, lastFrame.adding(TerminalApp.frameInterval) <= now { render(now: now) }
    }

    public func handleDeadline(now: MonotonicInstant) {
        if let tick = source.nextTick, tick <= now, source.tick(now: now) { dirty = true }
        if dirty, lastFrame.adding(TerminalApp.frameInterval) <= now { render(now: now) }
    }

    // MARK: Input

    /// A key through the view state; its effects carried out here.
    private func handle(_ key: Key) {
        dirty = true
        for effect in viewState.handle(key, replay: source.playback.isReplay, layout: lastRendered?.layout ?? ViewLayout()) {
            switch effect {
            case .quit: quitRequested = true
            case .replay(let control): source.perform(control)
            }
        }
    }

    /// SIGWINCH redraws at the new size; SIGINT, SIGTERM, SIGHUP and SIGQUIT end the view.
    public func handle(signal: Int32) {
        if signal == SIGWINCH {
            resize()
            render(now: .now())
            return
        }
        endedBySignal = signal
        stopLoop()
    }

    private func resize() {
        terminal.updateSize()
        dirty = true
    }

    private func stopLoop() {
        quitRequested = true
        loop.stop()
    }

    private func isStdinGone() -> Bool {
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0 && (descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL)) != 0
    }

    // MARK: Output

    /// Builds and draws a frame, unless the last one still waits for the tty: then
    /// nothing is built and the view stays dirty until the link drains.
    public func render(now: MonotonicInstant) {
        if terminal.isBacklogged, !terminal.flushBacklog() { return }
        let input = ViewInput(state: source.state, view: viewState, session: session, playback: source.playback,
                              now: source.now, status: source.status, glyphs: glyphs)
        let rendered = view.render(input, width: terminal.width, height: terminal.height)
        viewState = rendered.view
        lastRendered = rendered
        terminal.draw(rendered.screen)
        lastFrame = now
        dirty = false
    }
}
