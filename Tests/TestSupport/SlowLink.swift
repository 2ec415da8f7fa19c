#if canImport(Glibc)
import Glibc
#endif
import Runtime

/// A slow link between an ssh client and sshd (Tests/StandIn/slowlink.py): a TCP
/// relay on 127.0.0.1 that carries keys at full speed and, once `limit()`ed, the
/// far side's output at `rate` bytes a second (960: 9600 baud). It starts
/// unlimited so the far side's first screen arrives at once.
public final class SlowLink {
    /// Where the ssh client connects (`SSHServer.clientCommand(_:through:)`).
    public let port: Int
    public let rate: Int
    private let directory = TemporaryDirectory()
    private let process: ChildProcess

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(to target: Int, rate: Int = 960) throws {
        self.rate = rate
        let portFile = directory.file("port")
        let process = try ChildProcess.spawn("python3", [Paths.slowLinkScript, "--target", String(target), "--rate", String(rate),
                                                      "--port-file", portFile, "--stats-file", directory.file("stats")])
        var port: Int?
        _ = waitUntil(timeout: 20) {
            port = readText(portFile).flatMap { Int($0.filter(\.isNumber)) }
            return port != nil || process.reapIfExited() != nil
        }
        guard let port else {
            process.terminateAndWait()
            throw StartError(description: "the slow link did not start: \(process.collectOutput(timeout: 5)?.stderrText ?? "no port")")
        }
        self.port = port
        self.process = process
    }

    deinit {
        process.terminateAndWait()
    }

    /// From now on the far side's output crosses at `rate` bytes a second.
    public func limit() { process.send(SIGUSR1) }

    /// Bytes carried so far from the server to the client (the far side's output).
    public var bytesDown: Int {
        readText(directory.file("stats")).flatMap { $0.split(separator: " ").first.flatMap { Int($0) } } ?? 0
    }
}
