@testable import KubeWatch
import Testing

/// Which failures list again at once: the server's 410 however it reaches a stream
/// (kubectl's stderr, or the proxy's answer in kubectl's words), and nothing else,
/// whatever digits or words the failure holds.
@Suite struct ExpiredHistoryTests {
    static func status(_ reason: String?, _ message: String) -> [UInt8] {
        let reasonMember = reason.map { #","reason":"\#($0)""# } ?? ""
        return Array(#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"\#(message)"\#(reasonMember),"code":410}"#.utf8)
    }

    @Test(arguments: [
        ProxyTransfer.failure(status: 410, body: status("Expired", "too old resource version: 100 (200)")),
        ProxyTransfer.failure(status: 410, body: status("Gone", "history compacted")),
        ProxyTransfer.failure(status: 410, body: status(nil, "history compacted")),
        ProxyTransfer.failure(status: 410, body: []),
        "Error from server (Expired): The provided continue parameter is too old to display a consistent list result.",
        "error: watch failed: too old resource version: 100 (200)",
        "Error from server: the server responded with the status code 410 but did not return more information",
    ])
    func the410IsSaid(failure: String) {
        #expect(ExpiredHistory.isSaid(in: failure))
    }

    @Test(arguments: [
        ProxyTransfer.failure(status: 500, body: Array("dial tcp 127.0.0.1:41045: connect: connection refused\n".utf8)),
        "The connection to the server 127.0.0.1:41045 was refused - did you specify the right host or port?",
        "The connection to the server 10.41.0.2:6443 was refused - did you specify the right host or port?",
        #"Error from server (Forbidden): pods is forbidden: User "deployer-410" cannot list resource "pods""#,
        "the API server answered 503",
        "Unable to connect to the server: oauth2: token Expired and refresh token is not set",
    ])
    func anythingElseIsNot(failure: String) {
        #expect(!ExpiredHistory.isSaid(in: failure))
    }
}
