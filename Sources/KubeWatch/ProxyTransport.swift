import JSONLite
import KubeModel
import Runtime

/// Every request as rollwatch's own HTTP/1.1 GET over the socket of the session's
/// one `kubectl proxy`: lists, watches (and, later, pod logs) cost a connection
/// each, not a kubectl each.
public final class ProxyTransport: StreamTransport {
    public let proxy: KubectlProxy

    public init(proxy: KubectlProxy) {
        self.proxy = proxy
    }

    public var name: String { "proxy" }
    public var isReady: Bool { proxy.isServing }

    public func notReadyReason(now: MonotonicInstant) -> String? {
        guard !proxy.isServing else { return nil }
        guard let failure = proxy.lastFailure else { return "waiting for kubectl proxy to serve" }
        let retry = proxy.nextDeadline.map { " — retrying in \(max(0, Int(($0.seconds - now.seconds).rounded(.up))))s" } ?? ""
        return "kubectl proxy: \(failure)\(retry)"
    }

    public func open(_ path: String) throws(TransferError) -> any Transfer {
        do {
            return ProxyTransfer(try UnixSocket.connect(to: proxy.socketPath, sending: HTTPRequest.get(path)))
        } catch {
            throw TransferError("kubectl proxy: \(error)")
        }
    }
}

/// One response on its own connection. A 2xx body is the body; any other status
/// is a failure in the server's words: a Status reads as kubectl prints it
/// (`Error from server (Forbidden): pods is forbidden: …`), and kubectl proxy's own
/// plain-text answer (`dial tcp 127.0.0.1:6443: connect: connection refused`) as it is.
final class ProxyTransfer: Transfer {
    private let socket: UnixSocket
    private var parser = HTTPResponseParser()
    private var status: Int?
    /// The body of a failed response, kept (bounded) to say what it says.
    private var errorBody: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private(set) var outcome: TransferOutcome?
    var onOutcome: (() -> Void)?

    /// Enough of an error body for its message; Status objects are a few hundred bytes.
    private static let errorBodyLimit = 64 << 10

    init(_ socket: UnixSocket) {
        self.socket = socket
    }

    var pollDescriptors: [Int32] { outcome == nil && socket.descriptor >= 0 ? [socket.descriptor] : [] }

    func read(_ fd: Int32, appendingTo body: inout [UInt8]) -> Bool {
        var received = false
        while outcome == nil {
            let result = socket.read(into: &chunk)
            switch result {
            case .bytes(let count): parser.append(chunk[0..<count])
            case .wouldBlock: return received
            case .endOfFile: break
            }
            do {
                while outcome == nil, let event = try (result == .endOfFile ? parser.finish() : parser.next()) {
                    received = take(event, into: &body) || received
                }
                if result == .endOfFile, outcome == nil { end(.failed("kubectl proxy closed the connection before the response ended")) }
            } catch {
                end(.failed("kubectl proxy: \(error)"))
            }
        }
        return received
    }

    private func take(_ event: HTTPResponseParser.Event, into body: inout [UInt8]) -> Bool {
        switch event {
        case .head(let head):
            status = head.status
            return true
        case .body(let piece):
            if let status, (200..<300).contains(status) {
                body.append(contentsOf: piece)
            } else if errorBody.count < Self.errorBodyLimit {
                errorBody.append(contentsOf: piece.prefix(Self.errorBodyLimit - errorBody.count))
            }
            return true
        case .end:
            if let status, (200..<300).contains(status) {
                end(.completed)
            } else {
                end(.failed(Self.failure(status: status ?? 0, body: errorBody)))
            }
            return false
        }
    }

    private func end(_ outcome: TransferOutcome) {
        self.outcome = outcome
        socket.close()
    }

    func cancel() {
        onOutcome = nil
        socket.close()
    }

    /// What a failed response says, as kubectl would print it.
    static func failure(status: Int, body: [UInt8]) -> String {
        if let json = try? JSONParser().parse(body), json["kind"].string == "Status" {
            let apiStatus = APIStatus(json: json)
            let reason = apiStatus.reason.isEmpty ? "\(status)" : apiStatus.reason
            return "Error from server (\(reason)): \(apiStatus.message)"
        }
        var tail = StderrTail()
        tail.append(body)
        let said = tail.lastLine
        return said.isEmpty ? "the API server answered \(status)" : kubectlWords(said)
    }

    /// kubectl proxy answers an unreachable API server with Go's dial error; kubectl
    /// itself says it in words people know, and so does rollwatch on either transport.
    static func kubectlWords(_ proxyAnswer: String) -> String {
        let prefix = "dial tcp "
        let refused = ": connect: connection refused"
        guard proxyAnswer.hasPrefix(prefix), proxyAnswer.hasSuffix(refused) else { return proxyAnswer }
        let server = proxyAnswer.dropFirst(prefix.count).dropLast(refused.count)
        return "The connection to the server \(server) was refused - did you specify the right host or port?"
    }
}
