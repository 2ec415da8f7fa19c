#if canImport(Glibc)
import Glibc
#endif
import JSONLite
import KubeWatch
import Runtime

/// The API server stand-in (Tests/StandIn/standin.py) serving one scenario on
/// 127.0.0.1, with a kubeconfig that points the real kubectl at it.
public final class StandIn {
    public let port: Int
    public let kubeconfig: String
    private let process: ChildProcess
    private let directory: TemporaryDirectory

    public enum StartError: Error, CustomStringConvertible {
        case didNotStart(String)
        public var description: String {
            switch self { case .didNotStart(let why): return "stand-in did not start: \(why)" }
        }
    }

    /// - Parameter port: 0 for any free port; a given one to come back where a stopped stand-in was.
    public init(scenario: JSON, namespace: String = "shop", port: Int = 0) throws {
        directory = TemporaryDirectory()
        let scenarioPath = directory.write("scenario.json", scenario.serialized())
        kubeconfig = directory.file("kubeconfig")
        process = try ChildProcess.spawn("python3", [Paths.standInScript, "--scenario", scenarioPath,
                                                      "--kubeconfig", kubeconfig, "--namespace", namespace,
                                                      "--port", String(port)])
        // The first stdout line says the port, once the socket is bound.
        var line: [UInt8] = []
        var byte = [UInt8](repeating: 0, count: 1)
        let deadline = MonotonicInstant.now().adding(20)
        while !line.contains(UInt8(ascii: "\n")) {
            var descriptor = pollfd(fd: process.stdout, events: Int16(POLLIN), revents: 0)
            guard MonotonicInstant.now() < deadline else { throw StartError.didNotStart("no port within 20 s") }
            guard poll(&descriptor, 1, 1000) > 0 else { continue }
            switch readAvailable(process.stdout, into: &byte) {
            case .bytes: line.append(byte[0])
            case .wouldBlock: continue
            case .endOfFile: throw StartError.didNotStart(process.collectOutput(timeout: 5)?.stderrText ?? "exited")
            }
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on "), let port = Int(text.dropFirst(13).filter(\.isNumber)) else {
            throw StartError.didNotStart(text)
        }
        self.port = port
    }

    deinit {
        process.terminateAndWait()
    }

    /// Stops the server: the cluster becomes unreachable (connections refused).
    public func stop() {
        process.terminateAndWait()
    }

    /// How many list and watch requests each resource has had ("pods list", "pods watch").
    public func requests() throws -> [String: Int] {
        let output = try Kubectl(kubeconfig: kubeconfig).run(["get", "--raw", "/__standin/requests"])
        let counts = try JSONParser().parse(output).object?.members ?? []
        return Dictionary(uniqueKeysWithValues: counts.map { ($0.key, $0.value.int ?? 0) })
    }

    /// Every object the stand-in holds now, by resource, fetched through the real kubectl.
    public func state() throws -> JSON {
        let output = try Kubectl(kubeconfig: kubeconfig).run(["get", "--raw", "/__standin/state"])
        return try JSONParser().parse(output)
    }

    /// Blocks (polling the stand-in, at most `timeout` s) until its timeline has played.
    public func waitUntilDone(timeout: Double = 60) -> Bool {
        waitUntil(timeout: timeout) { (try? Kubectl(kubeconfig: kubeconfig).run(["get", "--raw", "/__standin/done"])) != nil }
    }
}

/// Runs the built rollwatch binary as a user would and collects what it printed.
public func runRollwatch(_ arguments: [String], timeout: Double = 120) throws -> CompletedProcess {
    let child = try ChildProcess.spawn(Paths.rollwatchBinary, arguments)
    guard let result = child.collectOutput(timeout: timeout) else {
        throw StandIn.StartError.didNotStart("rollwatch \(arguments.joined(separator: " ")) ran past \(timeout) s")
    }
    return result
}
