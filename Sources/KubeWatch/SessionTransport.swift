import Runtime

/// How a session's streams reach the cluster (`--transport`).
public enum TransportMode: String, Sendable, CaseIterable {
    /// The proxy; kubectl per request only if the proxy cannot start at all.
    case auto
    /// Only the proxy (kept serving: started again whenever it ends).
    case proxy
    /// `kubectl get --raw` for every request.
    case exec
}

/// The transport every stream of one session shares: one `kubectl proxy` for
/// the context, or `kubectl get --raw` per request. In `auto`, a proxy that ends
/// before it ever served (a kubectl without `proxy --unix-socket`, a sandbox that
/// forbids sockets) gives way to kubectl per request, once, and says why.
public final class SessionTransport: StreamTransport {
    public let mode: TransportMode
    private let exec: ExecTransport
    public private(set) var proxy: KubectlProxy?
    private var proxyTransport: ProxyTransport?
    /// Why `auto` fell back to kubectl per request, if it did.
    public private(set) var fallbackReason: String?
    /// Called when requests can be made again (the proxy serves, or the fallback was taken).
    public var onReady: (() -> Void)?
    /// Called when the proxy ends or cannot start, with kubectl's words.
    public var onProxyFailure: ((String) -> Void)?

    public init(mode: TransportMode, kubectl: Kubectl, loop: RunLoop) {
        self.mode = mode
        exec = ExecTransport(kubectl: kubectl, launcher: loop.children)
        guard mode != .exec else { return }
        do {
            let proxy = try KubectlProxy(kubectl: kubectl, launcher: loop.children)
            self.proxy = proxy
            proxyTransport = ProxyTransport(proxy: proxy)
            loop.add(proxy)
            proxy.onServing = { [unowned self] in self.onReady?() }
            proxy.onFailure = { [unowned self] reason in self.proxyFailed(reason) }
        } catch {
            fallBack("a private directory for its socket: \(error)")
        }
    }

    public func start(now: MonotonicInstant = .now()) {
        proxy?.start(now: now)
    }

    /// Ends the proxy (its reaper sees it go) and removes its socket's directory.
    public func stop() {
        proxy?.stop()
    }

    private var current: any StreamTransport { proxyTransport ?? exec }

    public var name: String { current.name }
    public var isReady: Bool { current.isReady }
    public func notReadyReason(now: MonotonicInstant) -> String? { current.notReadyReason(now: now) }

    public func open(_ path: String) throws(TransferError) -> any Transfer {
        try current.open(path)
    }

    private func proxyFailed(_ reason: String) {
        if mode == .auto, proxy?.hasServed == false {
            fallBack(reason)
            onReady?()
        } else {
            onProxyFailure?(reason)
        }
    }

    private func fallBack(_ reason: String) {
        proxy?.stop()
        proxy = nil
        proxyTransport = nil
        fallbackReason = "kubectl proxy could not start (\(reason)); each stream runs kubectl get --raw instead"
    }
}
