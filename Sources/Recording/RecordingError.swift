/// Why a recording cannot be written or read. Every case is one line for the user.
public enum RecordingError: Error, Sendable, Equatable, CustomStringConvertible {
    case exists(path: String)
    case symbolicLink(path: String)
    case cannotCreate(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case empty(path: String)
    case notARecording(path: String, reason: String)
    case unsupportedVersion(path: String, version: Int)

    public var description: String {
        switch self {
        case .exists(let path): return "\(path) exists; pass --force to replace it"
        case .symbolicLink(let path): return "\(path) is a symbolic link; refusing to write through it"
        case .cannotCreate(let path, let reason): return "cannot create \(path): \(reason)"
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        case .empty(let path): return "\(path) is empty, not a rollwatch recording"
        case .notARecording(let path, let reason): return "\(path) is not a rollwatch recording (\(reason))"
        case .unsupportedVersion(let path, let version):
            return "\(path) is a version \(version) recording; this rollwatch reads version \(RecordingHeader.currentVersion)"
        }
    }
}
