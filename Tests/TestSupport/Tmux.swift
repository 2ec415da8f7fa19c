#if canImport(Glibc)
import Glibc
#endif
import Runtime

/// A real terminal for UI tests: a tmux server on its own socket running an
/// interactive shell in one pane of a fixed size. Tests type with `send`, read
/// the screen with `capture`, and wait for text (bounded polling on the screen,
/// never a fixed sleep).
public final class Tmux {
    public let socket: String

    public init(width: Int = 100, height: Int = 30) throws {
        socket = "rollwatch-test-\(getpid())-\(Int(MonotonicInstant.now().seconds * 1_000_000))"
        // A plain sh with a known prompt and no rc files.
        try run(["new-session", "-d", "-s", "t", "-x", String(width), "-y", String(height), "env", "PS1=READY$ ", "sh"])
        _ = waitFor("READY$", timeout: 20)
    }

    deinit {
        _ = try? run(["kill-server"])
    }

    /// Types text followed by Enter.
    public func type(_ line: String) {
        _ = try? run(["send-keys", "-t", "t", "-l", line])
        _ = try? run(["send-keys", "-t", "t", "Enter"])
    }

    /// Sends keys by tmux name: "j", "Enter", "Escape", "Space", "Right", "C-c".
    public func send(_ keys: String...) {
        _ = try? run(["send-keys", "-t", "t"] + keys)
    }

    public func resize(width: Int, height: Int) {
        _ = try? run(["resize-window", "-t", "t", "-x", String(width), "-y", String(height)])
    }

    /// Copies every byte the pane's program writes to the terminal into `path`, from now on.
    public func recordOutput(to path: String) {
        _ = try? run(["pipe-pane", "-t", "t", "-o", "cat >> '\(path)'"])
    }

    /// The pane's title, which an OSC 0/2 sequence would change.
    public var paneTitle: String { paneFormat("#{pane_title}") }

    /// Whether the pane shows the alternate screen (a full-screen program is still drawing).
    public var alternateScreen: Bool { paneFormat("#{alternate_on}") == "1" }

    /// One of tmux's format variables for the pane, without the newline.
    private func paneFormat(_ format: String) -> String {
        String(((try? run(["display-message", "-p", "-t", "t", format])) ?? "").prefix { $0 != "\n" })
    }

    /// Ends the server and with it the pane's terminal, as a dropped SSH connection would.
    public func killServer() {
        _ = try? run(["kill-server"])
    }

    public func capture() -> String {
        (try? run(["capture-pane", "-p", "-t", "t"])) ?? ""
    }

    /// The screen once `predicate` holds, or nil after `timeout` seconds.
    @discardableResult
    public func waitFor(timeout: Double = 20, _ predicate: (String) -> Bool) -> String? {
        var screen = ""
        return waitUntil(timeout: timeout) {
            screen = capture()
            return predicate(screen)
        } ? screen : nil
    }

    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 20) -> String? {
        waitFor(timeout: timeout) { $0.contains(text) }
    }

    /// Asks the shell in the pane for its tty's echo and canonical modes (`stty -a`):
    /// the screen once it answered, holding "icanon echo" (in either order) when a view
    /// left the terminal as it found it; nil when the shell does not answer.
    public func shellModes() -> String? {
        type("stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon -e -echo -e -icanon | tr '\\n' ' '; echo E\"\"ND")
        return waitFor("END")
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let child = try ChildProcess.spawn("tmux", ["-L", socket, "-f", "/dev/null"] + arguments)
        guard let result = child.collectOutput(timeout: 20) else { return "" }
        return result.stdoutText
    }
}
