import KubeModel
import KubeWatch
import Runtime

/// One WatchStream over a scripted kubectl and a clock the test moves: the
/// stream's whole state machine in milliseconds, with no real 30 s waits.
final class StreamHarness {
    let kubectl = ScriptedKubectl()
    let request = StreamRequest(resource: .pods, namespace: "shop")
    private let loop = TestLoop()
    private let received = Received()
    let stream: WatchStream

    /// - Parameter keepsDocuments: false decodes straight from bytes, as a session without a recorder does.
    init(keepsDocuments: Bool = true) {
        let received = self.received
        stream = WatchStream(request: request, kubectl: Kubectl(executable: "kubectl"), launcher: kubectl, clock: loop.clock,
                             keepsDocuments: keepsDocuments) { received.outputs.append($0) }
    }

    var now: MonotonicInstant { loop.now }
    var wall: Timestamp { loop.wall }

    /// Moves both clocks on by `seconds`.
    func advance(_ seconds: Double) { loop.advance(seconds) }

    /// Starts the stream and lets its first deadline (the list) fall due.
    func start() {
        stream.start(now: now)
        fireDeadline()
    }

    func fireDeadline() { loop.fireDeadline(stream) }
    func deliver() { loop.deliver(stream) }

    var notices: [StreamNotice] {
        received.outputs.compactMap { if case .notice(let notice) = $0 { return notice } else { return nil } }
    }

    var events: [WatchEvent] {
        received.outputs.compactMap { if case .received(_, let event) = $0 { return event } else { return nil } }
    }

    /// The notices' details, in order, for a kind.
    func details(_ kind: StreamNotice.Kind) -> [String] {
        notices.filter { $0.kind == kind }.map(\.detail)
    }

    var listArguments: [String] { ["get", "--raw", request.listPagePath(limit: WatchStream.pageSize, continuing: nil)] }

    func watchArguments(from version: String) -> [String] {
        ["get", "--raw", request.watchPath(from: version)]
    }

    /// The seconds from now to the next deadline.
    var secondsToNextDeadline: Double? { loop.secondsToNextDeadline(stream) }
}

private final class Received {
    var outputs: [StreamOutput] = []
}

/// Documents as kubectl prints them.
enum Kube {
    static func pod(_ name: String, version: String) -> String {
        #"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"\#(name)","namespace":"shop","uid":"uid-\#(name)","resourceVersion":"\#(version)"}}"#
    }

    static func list(version: String, pods: [String] = []) -> String {
        #"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"\#(version)"},"items":[\#(pods.joined(separator: ","))]}"#
    }

    /// One page of a list read in pages; `next` is the token of the page after it.
    static func page(version: String, pods: [String], next: String?) -> String {
        let token = next.map { #","continue":"\#($0)""# } ?? ""
        return #"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"\#(version)"\#(token)},"items":[\#(pods.joined(separator: ","))]}"#
    }

    static func event(_ type: String, _ object: String) -> String {
        #"{"type":"\#(type)","object":\#(object)}"# + "\n"
    }

    static func bookmark(version: String) -> String {
        event("BOOKMARK", #"{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"\#(version)"}}"#)
    }

    static let expired = event("ERROR", #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 100 (200)","reason":"Expired","code":410}"#)
}

extension StreamHarness {
    /// Lists (at `version`, no pods) and opens the watch after it; returns the watch's run.
    @discardableResult
    func listAndWatch(version: String) -> ScriptedRun {
        start()
        kubectl.last.print(Kube.list(version: version))
        kubectl.last.finish(.exited(0))
        deliver()
        fireDeadline()
        return kubectl.last
    }
}
