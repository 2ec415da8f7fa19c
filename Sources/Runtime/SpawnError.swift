#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Why a program could not be started.
public struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    public var executable: String
    public var errno: Int32
    /// What to do about a missing program, said after "not found" (the kubectl
    /// layer names `--kubectl PATH`); nil says nothing more.
    public var hint: String?

    public init(executable: String, errno: Int32, hint: String? = nil) {
        self.executable = executable
        self.errno = errno
        self.hint = hint
    }

    public var isNotFound: Bool { errno == ENOENT || errno == EACCES || errno == ENOTDIR }

    public var description: String {
        isNotFound ? "\(executable): not found" + (hint.map { " (\($0))" } ?? "")
            : "\(executable): cannot start: \(Errno(rawValue: errno))"
    }
}
