#if canImport(Glibc)
import Glibc
#endif
import RolloutCore
import Runtime
import Session

/// A failure with its documented exit code (SPEC §5).
struct Failure: Error {
    static let findingsExit: Int32 = 1
    static let usageExit: Int32 = 2
    static let clusterExit: Int32 = 3
    /// `record` could not write its file (disk full, the file removed, an I/O error).
    static let recordingExit: Int32 = 4

    var message: String
    var exitCode: Int32
    /// Exit with the code but print nothing (the report already said it).
    var quiet = false

    static func usage(_ message: String) -> Failure { Failure(message: message, exitCode: usageExit) }
    static func cluster(_ message: String) -> Failure { Failure(message: message, exitCode: clusterExit) }
}

/// A line on stderr. On a terminal it gets a quarter of a second: the view's last
/// lines ("recorded N lines") must not hold the exit on a stalled or slow link
/// whose pty is full, as a blocking write would (for as long as the link is down).
func printError(_ message: String) {
    if isatty(2) == 1 {
        FileIO.writeToTerminal(2, Array((message + "\n").utf8), within: 0.25)
    } else {
        writeAll(2, message + "\n")
    }
}

func exitProcess(_ code: Int32) -> Never {
    exit(code)
}

/// Writes to stdout. write(2) directly: the stdio globals are off limits in Swift 6.
func writeOut(_ text: String) {
    writeAll(1, text)
}

/// Stdout in 64 KiB writes, for output made of many small pieces (a report's pods).
struct StandardOutput: ReportSink {
    private var pending: [UInt8] = []

    mutating func write(_ text: String) {
        take(text.utf8)
    }

    mutating func write(utf8 text: [UInt8]) {
        take(text)
    }

    /// Keeps the bytes, written once 64 KiB wait.
    private mutating func take(_ bytes: some Sequence<UInt8>) {
        pending.append(contentsOf: bytes)
        if pending.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        writeAll(1, pending[...])
        pending.removeAll(keepingCapacity: true)
    }
}

private func writeAll(_ fd: Int32, _ text: String) {
    writeAll(fd, Array(text.utf8)[...])
}

/// Writes every byte, across partial writes to a pipe. A failure (a closed pipe
/// or a full disk) has nowhere to be said: stdout and stderr are where it would go.
private func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) {
    try? FileIO.writeAll(fd, bytes)
}

extension RunLoop {
    /// A failure of poll(2) itself ends a session early but in order (streams stopped,
    /// the recording complete); it is said in one line once the session is over.
    func sayIfItFailed() {
        if let failure { printError("rollwatch: the run loop stopped: poll: \(failure)") }
    }
}

extension LiveSession {
    /// The proxy could not start and each stream ran kubectl instead: said once, as a warning.
    func sayIfTheProxyGaveWay() {
        if let reason = transport.fallbackReason { printError("rollwatch: warning: \(reason)") }
    }
}
