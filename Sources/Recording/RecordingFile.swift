#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// What a recording's sinks do when the file cannot take a line (issue 17): the
/// line that failed is cut off, so the file ends with whole lines and reads
/// cleanly, and the reason is said in the user's words.
enum RecordingFile {
    /// "the file was removed" once nothing links to it any more: writes to it would
    /// succeed and be lost with it.
    static func removedReason(_ fd: Int32) -> String? {
        var info = stat()
        return fstat(fd, &info) == 0 && info.st_nlink == 0 ? "the file was removed" : nil
    }

    /// Drops the bytes of a line that was written only in part.
    static func cut(_ fd: Int32, to length: off_t) {
        _ = ftruncate(fd, length)
        _ = lseek(fd, length, SEEK_SET)
    }

    /// The reason for the status line and stderr: "disk full" said plainly.
    static func reason(_ error: Errno) -> String {
        switch error {
        case .noSpace: return "disk full (\(error.description))"
        case .diskQuotaExceeded: return "disk quota exceeded (\(error.description))"
        default: return error.description
        }
    }
}
