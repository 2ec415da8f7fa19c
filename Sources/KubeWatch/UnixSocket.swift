#if canImport(Glibc)
import Glibc
#endif
import Runtime

/// Why a unix socket could not be used, in the system's words.
public struct SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    public var operation: String
    public var errno: Int32

    public var description: String { "\(operation): \(String(cString: strerror(errno)))" }

    /// Nothing listens there (yet, or any more): the proxy is starting or gone.
    public var isNoListener: Bool { errno == ENOENT || errno == ECONNREFUSED }
}

/// A connected AF_UNIX stream socket, close-on-exec: how rollwatch talks to the
/// `kubectl proxy --unix-socket` it started. The request is written before the
/// socket turns non-blocking (a few hundred bytes into a fresh local socket never
/// wait); from then on it is read only when poll says so.
public final class UnixSocket {
    public private(set) var descriptor: Int32

    /// The longest path a sockaddr_un holds, with its terminating NUL.
    public static let maximumPathLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close()
    }

    /// Connects to `path` and writes `request` whole.
    public static func connect(to path: String, sending request: [UInt8]) throws(SocketError) -> UnixSocket {
        guard path.utf8.count <= maximumPathLength else { throw SocketError(operation: "connect \(path)", errno: ENAMETOOLONG) }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(operation: "socket", errno: errno) }
        let connection = UnixSocket(descriptor: fd)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            raw.copyBytes(from: path.utf8)
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw SocketError(operation: "connect \(path)", errno: errno) }
        var offset = 0
        while offset < request.count {
            let written = request[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SocketError(operation: "send", errno: errno)
            }
            offset += written
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return connection
    }

    /// What is there to read now, without waiting.
    public func read(into buffer: inout [UInt8]) -> ReadResult {
        guard descriptor >= 0 else { return .endOfFile }
        return readAvailable(descriptor, into: &buffer)
    }

    public func close() {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }
}

/// One GET of rollwatch's over the proxy socket: HTTP/1.1, one request per
/// connection (a watch holds its connection for as long as it lasts), JSON asked for.
public enum HTTPRequest {
    public static func get(_ path: String) -> [UInt8] {
        Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\nUser-Agent: rollwatch\r\nAccept: application/json\r\nConnection: close\r\n\r\n".utf8)
    }
}
