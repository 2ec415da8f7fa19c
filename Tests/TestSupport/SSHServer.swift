#if canImport(Glibc)
import Glibc
#endif
import Runtime

/// A real OpenSSH server on 127.0.0.1 for the bastion tests: Debian's sshd on a
/// free port, with a host key and a client key made for the test in a private
/// directory, logging to a file there. `clientCommand` is what a user types to run
/// a program on the "far side" in a terminal (`ssh -tt`).
public final class SSHServer {
    public let port: Int
    private let directory = TemporaryDirectory()
    private let process: ChildProcess

    public enum StartError: Error, CustomStringConvertible {
        case missing(String)
        case didNotStart(String)
        public var description: String {
            switch self {
            case .missing(let what): return "\(what) (install openssh-server and openssh-client: .ci/install-deps does)"
            case .didNotStart(let why): return "sshd did not start: \(why)"
            }
        }
    }

    public init() throws {
        guard access("/usr/sbin/sshd", X_OK) == 0 else { throw StartError.missing("no /usr/sbin/sshd") }
        // sshd refuses to start without its privilege-separation directory.
        _ = mkdirPath("/run/sshd")
        for key in ["host", "client"] {
            let keygen = try ChildProcess.spawn("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", directory.file(key)])
            guard keygen.collectOutput(timeout: 20)?.status == .exited(0) else { throw StartError.missing("ssh-keygen failed") }
        }
        writeText(readText(directory.file("client.pub")) ?? "", to: directory.file("authorized_keys"), mode: 0o600)
        port = try Self.freePort()
        let config = directory.write("sshd_config", """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(directory.file("host"))
            AuthorizedKeysFile \(directory.file("authorized_keys"))
            PidFile none
            StrictModes no
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            """ + "\n")
        let log = directory.file("sshd.log")
        process = try ChildProcess.spawn("/usr/sbin/sshd", ["-f", config, "-D", "-E", log])
        guard waitUntil(timeout: 20, { readText(log)?.contains("Server listening on 127.0.0.1 port \(port)") == true }) else {
            process.terminateAndWait()
            throw StartError.didNotStart(readText(log) ?? "no log")
        }
    }

    deinit {
        process.terminateAndWait()
    }

    /// A shell command line that opens a session to this server and runs `remote` there in a pty;
    /// through a relay listening on `relay` (a `SlowLink`) when given.
    public func clientCommand(_ remote: String, through relay: Int? = nil) -> String {
        let user = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root"
        return "ssh -tt -i \(directory.file("client")) -p \(relay ?? port) -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
            + " -o LogLevel=ERROR \(user)@127.0.0.1 '\(remote)'"
    }

    /// The ssh clients of this server (started by `clientCommand`): those with its client key.
    public var clients: [Int32] {
        Processes.matching { $0[0] == "ssh" && $0.contains(directory.file("client")) }
    }

    /// Bytes sshd's end of the client connection holds unsent (`ss`'s Send-Q), or nil
    /// without a connection: how full the link is once the client stops reading.
    public func unsentBytes() -> Int? {
        guard let child = try? ChildProcess.spawn("ss", ["-tnH", "state", "established", "( sport = :\(port) )"]),
              let output = child.collectOutput(timeout: 10) else { return nil }
        let fields = output.stdoutText.split(whereSeparator: { $0 == " " || $0 == "\n" })
        return fields.count >= 2 ? Int(fields[1]) : nil
    }

    /// A port nothing listens on now (the kernel's pick for a socket bound to port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw StartError.didNotStart("no free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
