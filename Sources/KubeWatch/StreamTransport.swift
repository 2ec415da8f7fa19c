import Runtime

/// How a stream reaches the API server: one GET of an API path at a time, its
/// body arriving as bytes on descriptors the run loop polls. Two ways, both
/// through kubectl, so every kubeconfig, context, exec auth plugin and proxy
/// keeps working: one `kubectl proxy --unix-socket` for every stream
/// (`ProxyTransport`, the default), or one `kubectl get --raw` per request
/// (`ExecTransport`, the fallback).
public protocol StreamTransport: AnyObject {
    /// `proxy` or `exec`: what the header and the report's streams say.
    var name: String { get }
    /// Whether a request can be made now (the proxy is serving); a stream waits
    /// for this rather than failing while the proxy starts or restarts.
    var isReady: Bool { get }
    /// Why it is not ready, for the status line, with when it is tried again.
    func notReadyReason(now: MonotonicInstant) -> String?
    /// Starts a GET of `path`.
    func open(_ path: String) throws(TransferError) -> any Transfer
}

/// Why a request could not even start, in words for the status line.
public struct TransferError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// How a request ended: the whole body was received (a list, or a watch the
/// server closed), or it failed, with kubectl's (or the API server's) own words.
public enum TransferOutcome: Sendable, Equatable {
    case completed
    case failed(String)
}

/// One request in flight.
public protocol Transfer: AnyObject {
    /// The descriptors to poll while it runs.
    var pollDescriptors: [Int32] { get }
    /// Reads everything `fd` has now, appending the body's bytes to `body`; returns
    /// whether body bytes arrived (what tells a silent list from a slow one).
    func read(_ fd: Int32, appendingTo body: inout [UInt8]) -> Bool
    /// The end, once the data and the process or connection behind it are both over.
    var outcome: TransferOutcome? { get }
    /// Called when `outcome` becomes known outside `read` (a kubectl reaped after its output ended).
    var onOutcome: (() -> Void)? { get set }
    /// Ends it now: the stream has given it up.
    func cancel()
}
