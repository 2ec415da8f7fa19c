import Testing
@testable import KubeWatch

struct StreamRequestTests {
    @Test func pathsForNamespacedAndClusterWideWatches() {
        let pods = StreamRequest(resource: .pods, namespace: "shop", labelSelector: "app=checkout,track in (a,b)")
        #expect(pods.listPath == "/api/v1/namespaces/shop/pods?labelSelector=app%3Dcheckout%2Ctrack%20in%20%28a%2Cb%29")
        #expect(pods.watchPath(from: "812") == "/api/v1/namespaces/shop/pods?watch=1&resourceVersion=812&allowWatchBookmarks=true&labelSelector=app%3Dcheckout%2Ctrack%20in%20%28a%2Cb%29")
        #expect(StreamRequest(resource: .endpointslices, namespace: nil).listPath == "/apis/discovery.k8s.io/v1/endpointslices")
        #expect(StreamRequest(resource: .deployments, namespace: "a", fieldSelector: "metadata.name=x").listPath
                == "/apis/apps/v1/namespaces/a/deployments?fieldSelector=metadata.name%3Dx")
    }

    @Test func targetsParseLikeKubectl() {
        #expect(Target(parsing: "deploy/checkout") == Target(kind: .deployment, name: "checkout"))
        #expect(Target(parsing: "deployment.apps/checkout") == Target(kind: .deployment, name: "checkout"))
        #expect(Target(parsing: "statefulsets/db") == Target(kind: .statefulSet, name: "db"))
        #expect(Target(parsing: "ds/agent")?.description == "ds/agent")
        #expect(Target(parsing: "svc/web") == Target(kind: .service, name: "web"))
        for bad in ["checkout", "pod/x", "deploy/", "deploy/a/b", "/x"] { #expect(Target(parsing: bad) == nil, "\(bad)") }
    }

    @Test func backoffGrowsIsJitteredAndCapped() {
        var backoff = Backoff(initial: 0.5, cap: 30)
        var random = SplitMix(seed: 7)
        let delays = (0..<12).map { _ in backoff.nextDelay(using: &random) }
        #expect(delays[0] >= 0.25 && delays[0] <= 0.5)
        #expect(delays[3] >= 2 && delays[3] <= 4)
        #expect(delays.allSatisfy { $0 <= 30 })
        #expect(delays.suffix(4).allSatisfy { $0 >= 15 })
        backoff.reset()
        #expect(backoff.nextDelay(using: &random) <= 0.5)
    }
}

/// A seeded generator so jitter is repeatable in tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
