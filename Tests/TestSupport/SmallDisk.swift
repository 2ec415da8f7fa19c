#if canImport(Glibc)
import Glibc
#endif
import Runtime

/// A tmpfs of a few KiB mounted for one test: a disk that fills up (issue 17).
/// Mounting needs root (as here and in CI); `canMount` says whether it works.
public final class SmallDisk {
    private let directory = TemporaryDirectory()
    public let path: String

    public enum MountError: Error, CustomStringConvertible {
        case refused(String)
        public var description: String {
            switch self { case .refused(let why): return "mount -t tmpfs refused: \(why)" }
        }
    }

    public init(kibibytes: Int) throws {
        path = directory.file("disk")
        _ = mkdirPath(path)
        let mount = try ChildProcess.spawn("mount", ["-t", "tmpfs", "-o", "size=\(kibibytes)k,mode=0700", "tmpfs", path])
        let result = mount.collectOutput(timeout: 20)
        guard result?.status == .exited(0) else { throw MountError.refused(result?.stderrText ?? "timed out") }
    }

    deinit {
        if let umount = try? ChildProcess.spawn("umount", [path]) { _ = umount.collectOutput(timeout: 20) }
    }

    public func file(_ name: String) -> String { path + "/" + name }

    /// Whether this process may mount a tmpfs (root, not refused by a container's policy).
    public static let canMount: Bool = (try? SmallDisk(kibibytes: 16)) != nil
}
