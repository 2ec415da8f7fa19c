import KubeModel
import Runtime

/// How to run kubectl: which binary and the flags that pick cluster and user.
/// Every call is argv, never a shell, so no cluster string is ever interpreted.
public struct Kubectl: Sendable, Equatable {
    public var executable: String
    /// `--context`, `--kubeconfig`: passed before every subcommand.
    public var globalArguments: [String]

    public init(executable: String = "kubectl", context: String? = nil, kubeconfig: String? = nil) {
        self.executable = executable
        var arguments: [String] = []
        if let context { arguments += ["--context", context] }
        if let kubeconfig { arguments += ["--kubeconfig", kubeconfig] }
        globalArguments = arguments
    }

    public func arguments(_ subcommand: [String]) -> [String] {
        globalArguments + subcommand
    }

    /// `kubectl get --raw PATH`: an API path fetched or streamed byte for byte.
    public func rawArguments(_ path: String) -> [String] {
        arguments(["get", "--raw", path])
    }

    /// What to do when kubectl is not there, said after "not found".
    public static let missingHint = "install kubectl, or pass --kubectl PATH"

    /// `error` with the hint for a kubectl that is not there.
    public static func explained(_ error: SpawnError) -> SpawnError {
        var explained = error
        explained.hint = missingHint
        return explained
    }

    /// Runs kubectl to completion and returns its stdout. For the few one-shot
    /// calls made before streaming starts (namespace, target, discovery).
    public func run(_ subcommand: [String], timeout: Double = 60) throws(KubectlError) -> [UInt8] {
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(executable, arguments(subcommand))
        } catch {
            throw .cannotStart(Kubectl.explained(error))
        }
        guard let result = child.collectOutput(timeout: timeout) else { throw .timedOut(seconds: timeout) }
        guard result.status.isSuccess else { throw .failed(result.status, stderr: result.stderrTail.lastLine) }
        return result.stdout
    }
}

public enum KubectlError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotStart(SpawnError)
    case failed(ExitStatus, stderr: String)
    case timedOut(seconds: Double)

    public var description: String {
        switch self {
        case .cannotStart(let error): return error.description
        case .failed(let status, let stderr): return stderr.isEmpty ? "kubectl failed (\(status))" : stderr
        case .timedOut(let seconds): return "kubectl did not answer within \(Int(seconds)) s"
        }
    }

    /// The server said the thing does not exist (as opposed to not answering).
    public var isNotFound: Bool {
        if case .failed(_, let stderr) = self { return stderr.contains("NotFound") || stderr.contains("not found") }
        return false
    }
}

/// The last lines kubectl wrote on stderr: the one people need to see is the last.
public struct StderrTail: Sendable {
    private var bytes: [UInt8] = []
    private let limit = 4096

    public init() {}

    public mutating func append<Bytes: Collection>(_ chunk: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: chunk)
        if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
    }

    /// The last non-empty line, cleaned of control characters.
    public var lastLine: String {
        let text = String(decoding: bytes, as: UTF8.self)
        let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).last { !$0.allSatisfy(\.isWhitespace) }
        return line.map { String($0).sanitizedForTerminal.trimmingSpaces } ?? ""
    }

    public mutating func clear() {
        bytes.removeAll()
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
