#if canImport(Glibc)
import Glibc
#endif
import JSONLite
import KubeModel
import KubeWatch
import Runtime
import Testing
import TestSupport

/// rollwatch's own HTTP/1.1 GETs over the socket of the real `kubectl proxy
/// --unix-socket`, against the stand-in: a paged list, a watch's chunked events,
/// and an error Status, each read with `HTTPResponseParser`.
extension EndToEndSecondLane {
@Suite struct ProxySocketTests {
    /// One whole response: its head and its de-chunked body.
    static func get(_ path: String, socket: String, until done: ([UInt8]) -> Bool = { _ in false }) throws -> (HTTPResponseHead, [UInt8]) {
        let connection = try UnixSocket.connect(to: socket, sending: HTTPRequest.get(path))
        var parser = HTTPResponseParser()
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let deadline = MonotonicInstant.now().adding(20)
        reading: while MonotonicInstant.now() < deadline {
            var descriptor = pollfd(fd: connection.descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 1000) > 0 else { continue }
            let result = connection.read(into: &chunk)
            if case .bytes(let count) = result { parser.append(chunk[0..<count]) }
            while let event = try (result == .endOfFile ? parser.finish() : parser.next()) {
                switch event {
                case .head(let received): head = received
                case .body(let piece): body += piece
                case .end: break reading
                }
                if done(body) { break reading }
            }
            if result == .endOfFile { break }
        }
        return (try #require(head, "a response within 20 s"), body)
    }

    @Test func listsWatchesAndErrorsThroughTheProxySocket() throws {
        let standIn = try StandIn(scenario: try JSONParser().parse(#"""
            {"initial": [{"kind":"Pod","metadata":{"name":"a","namespace":"shop"}},
                         {"kind":"Pod","metadata":{"name":"b","namespace":"shop"}},
                         {"kind":"Pod","metadata":{"name":"c","namespace":"shop"}}],
             "steps": [{"at": 1, "op": "apply", "object": {"kind":"Pod","metadata":{"name":"d","namespace":"shop"}}}]}
            """#))
        let directory = TemporaryDirectory()
        let socket = directory.file("proxy.sock")
        let proxy = try ChildProcess.spawn(Paths.kubectl, ["--kubeconfig", standIn.kubeconfig, "proxy", "--unix-socket", socket])
        defer { _ = proxy.terminateAndWait() }
        #expect(waitUntil(timeout: 20) { access(socket, F_OK) == 0 }, "kubectl proxy made its socket")

        let (first, firstBody) = try Self.get("/api/v1/namespaces/shop/pods?limit=2", socket: socket)
        #expect(first.status == 200)
        let page = try JSONParser().parse(firstBody)
        #expect(page["items"].array.compactMap { $0["metadata"]["name"].string } == ["a", "b"])
        let token = try #require(page["metadata"]["continue"].string)
        let (_, restBody) = try Self.get("/api/v1/namespaces/shop/pods?limit=2&continue=\(token)", socket: socket)
        #expect(try JSONParser().parse(restBody)["items"].array.compactMap { $0["metadata"]["name"].string } == ["c"])

        let version = try #require(page["metadata"]["resourceVersion"].string)
        let (watch, events) = try Self.get("/api/v1/namespaces/shop/pods?watch=1&resourceVersion=\(version)", socket: socket) {
            $0.contains(UInt8(ascii: "\n"))
        }
        #expect(watch.status == 200 && watch.header("transfer-encoding") == "chunked")
        var framer = JSONFramer()
        framer.append(events)
        guard case .document(let document)? = framer.next() else { Issue.record("a watch event: \(String(decoding: events, as: UTF8.self))"); return }
        let event = try WatchEvent.decode(try JSONParser().parse(document), resource: .pods, at: Timestamp(microseconds: 0))
        guard case .added(.pod(let pod)) = event.change else { Issue.record("\(event)"); return }
        #expect(pod.metadata.name == "d")

        let (missing, status) = try Self.get("/api/v1/namespaces/shop/pods/nope", socket: socket)
        #expect(missing.status == 404)
        #expect(APIStatus(json: try JSONParser().parse(status)).reason == "NotFound")

        #expect(throws: SocketError.self) { try UnixSocket.connect(to: directory.file("nothing.sock"), sending: []) }
    }

    /// Runs `loop` until `proxy` serves (again), at most 20 s.
    static func untilServing(_ proxy: KubectlProxy, _ loop: RunLoop) -> Bool {
        proxy.onServing = { loop.stop() }
        loop.run(until: MonotonicInstant.now().adding(20))
        return proxy.isServing
    }

    @Test func theProxyIsPrivateAndComesBackWhenKilled() throws {
        let standIn = try StandIn(scenario: ["initial": [["kind": "Pod", "metadata": ["name": "a", "namespace": "shop"]]]])
        let loop = RunLoop()
        let proxy = try KubectlProxy(kubectl: Kubectl(executable: Paths.kubectl, kubeconfig: standIn.kubeconfig), launcher: loop.children)
        loop.add(proxy)
        proxy.start()
        #expect(Self.untilServing(proxy, loop), "serving: \(proxy.lastFailure ?? "")")
        var info = stat()
        #expect(stat(proxy.directoryPath, &info) == 0 && info.st_mode & 0o777 == 0o700, "the socket's directory is 0700")
        #expect(try Self.get("/api/v1/namespaces/shop/pods", socket: proxy.socketPath).0.status == 200)

        let first = try #require(proxy.pid)
        kill(first, SIGKILL)
        #expect(Self.untilServing(proxy, loop), "serving again after kill -9: \(proxy.lastFailure ?? "")")
        #expect(proxy.starts == 2 && proxy.pid != first)
        #expect(try Self.get("/api/v1/namespaces/shop/pods", socket: proxy.socketPath).0.status == 200)

        proxy.stop()
        loop.children.endAll()
        #expect(access(proxy.directoryPath, F_OK) != 0, "the directory is removed")
        #expect(waitUntilGone(kubectlChildren(of: standIn.kubeconfig)), "no kubectl left")
    }

    @Test func aProxyThatCannotStartSaysWhyInKubectlsWords() throws {
        let standIn = try StandIn(scenario: ["initial": []])
        let loop = RunLoop()
        let proxy = try KubectlProxy(kubectl: Kubectl(executable: Paths.kubectl, context: "nope", kubeconfig: standIn.kubeconfig),
                                     launcher: loop.children)
        loop.add(proxy)
        proxy.start()
        #expect(waitUntil(timeout: 20) {
            loop.run(until: MonotonicInstant.now().adding(0.2))
            return proxy.lastFailure != nil
        })
        #expect(proxy.lastFailure == #"error: context "nope" does not exist"#)
        #expect(!proxy.isServing && proxy.nextDeadline != nil, "it is tried again after the backoff")
        proxy.stop()
        loop.children.endAll()
    }
}
}
