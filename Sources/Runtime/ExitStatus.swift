/// How a child ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    public var isSuccess: Bool { self == .exited(0) }

    public var description: String {
        switch self {
        case .exited(let code): return "exit \(code)"
        case .signalled(let signal): return "killed by signal \(signal)"
        }
    }
}

extension ExitStatus {
    /// From waitpid(2)'s status word (WIFEXITED/WEXITSTATUS, WTERMSIG: macros Swift does not import).
    init(waitStatus status: Int32) {
        let signal = status & 0x7F
        self = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }
}
