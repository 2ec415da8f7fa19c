import CPosix
import SystemPackage

/// SIGCHLD as bytes on one pipe for the whole process, made when the first
/// child is adopted. Both ends stay open for the life of the process, so the
/// signal handler never writes to a closed (or reused) descriptor. Installed
/// with SA_RESTART, so a blocking read, write or waitpid elsewhere goes on; and
/// SA_NOCLDSTOP, so only an end wakes the loop.
enum ChildSignalPipe {
    static let readEnd: Int32 = {
        guard let ends = try? FileDescriptor.pipe(options: [.closeOnExec, .nonBlocking]) else { return -1 }
        rw_install_child_signal_pipe(ends.writeEnd.rawValue)
        return ends.readEnd.rawValue
    }()
}
