/// Everything a finished child wrote, and how it ended.
public struct CompletedProcess: Sendable {
    public var status: ExitStatus
    public var stdout: [UInt8]
    public var stderr: [UInt8]

    public init(status: ExitStatus, stdout: [UInt8], stderr: [UInt8]) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}
