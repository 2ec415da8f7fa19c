import JSONLite
import Runtime
import Testing
import TestSupport

/// SPEC §5 exit codes, with one line on stderr for each failure.
extension EndToEnd {
@Suite struct ExitCodeTests {
    @Test func missingKubectlExits3() throws {
        let result = try runRollwatch(["report", "--for", "1s", "--kubectl", "/nonexistent/kubectl"])
        expectOneLineError(result, code: 3, containing: "not found")
    }

    @Test func unreachableClusterExits3() throws {
        let directory = TemporaryDirectory()
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let kubeconfig = directory.write("kubeconfig", """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]
            users: [{name: u, user: {}}]
            contexts: [{name: x, context: {cluster: c, user: u, namespace: shop}}]
            current-context: x
            """)
        let result = try runRollwatch(["report", "--for", "5s", "--kubeconfig", kubeconfig])
        expectOneLineError(result, code: 3, containing: "127.0.0.1:1")
    }

    @Test func missingContextExits3() throws {
        let directory = TemporaryDirectory()
        let kubeconfig = directory.write("kubeconfig", "apiVersion: v1\nkind: Config\n")
        let result = try runRollwatch(["report", "--for", "1s", "--kubeconfig", kubeconfig, "--context", "nope"])
        expectOneLineError(result, code: 3, containing: "nope")
    }

    @Test(arguments: [
        (["report", "--for", "soon"], "--for"),
        (["report", "deployment", "--for", "1s"], "neither a recording file nor a target"),
        (["report", "deploy/x"], "--for"),
        (["report", "--for", "1s", "--format", "yaml"], "format"),
        (["report", "--for", "1s", "-A", "-n", "x"], "-A"),
        (["report", "--no-such-flag"], "no-such-flag"),
    ])
    func badArgumentsExit2(arguments: [String], mention: String) throws {
        let result = try runRollwatch(arguments)
        expectOneLineError(result, code: 2, containing: mention)
    }

    @Test func unknownTargetExits2() throws {
        let standIn = try StandIn(scenario: Scenario().json)
        let result = try runRollwatch(["report", "deploy/absent", "--for", "1s", "--kubeconfig", standIn.kubeconfig])
        expectOneLineError(result, code: 2, containing: "deploy/absent not found")
    }

    @Test func helpExits0() throws {
        let result = try runRollwatch(["report", "--help"])
        #expect(result.status == .exited(0))
        #expect(result.stdoutText.contains("--for"))
    }
}
}
