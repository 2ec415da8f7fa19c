import JSONLite
import Runtime
import Testing
import TestSupport

/// Strings anyone with deploy rights can set — pod names, annotations, container
/// state reasons and messages, event messages — carrying escape sequences, C1
/// controls, bidi overrides, invalid UTF-8 and a megabyte of text, through the real
/// kubectl into text and Markdown reports and the terminal view (issue 7).
extension EndToEnd {
@Suite struct HostileInputTests {
    static let osc = "\u{1B}]2;pwned\u{07}"
    static let clear = "\u{1B}[2J"
    static let c1 = "\u{9B}31m\u{9D}0;pwned\u{9C}\u{85}"
    static let bidi = "\u{202E}gnp\u{2066}.exe\u{2069}"
    /// The stand-in replaces this token with bytes that are not UTF-8.
    static let invalidUTF8Token = "@@BAD@@"
    static let megabyte = String(repeating: "A", count: 1 << 20)
    static let hostile = osc + clear + c1 + bidi + invalidUTF8Token

    static let podName = "web-aaa-\(osc)\(clear)\(bidi)x"

    static func scenario() -> Scenario {
        let labels = ["app": "web"]
        var scenario = Scenario()
        let waiting: JSON = ["name": .string("app\(clear)"), "ready": false, "restartCount": 3,
                             "state": ["waiting": ["reason": .string("CrashLoop\(hostile)"), "message": .string(hostile + megabyte)]]]
        scenario.initial = [
            Objects.deployment("web", labels: labels),
            Objects.replicaSet("web-aaa", deployment: "web", revision: 1, labels: labels),
            Objects.pod(podName, replicaSet: "web-aaa", labels: labels),
            Objects.pod("web-aaa-2", replicaSet: "web-aaa", labels: labels, ready: false,
                        containers: [["name": .string("app\(clear)")], ["name": "istio-proxy"]],
                        statuses: [waiting, Objects.containerStatus("istio-proxy")],
                        annotations: ["kubectl.kubernetes.io/default-container": osc,
                                      "sidecar.istio.io/status": #"{"containers":["istio-proxy\#(clear)"]}"#,
                                      "cloud.google.com/neg": "{\(osc)"]),
        ]
        scenario.apply(Objects.event("web-aaa-2.1", pod: "web-aaa-2", reason: "Unhealthy",
                                     message: "Readiness probe failed: \(hostile)\(megabyte)", type: "Warning", count: 5), at: 0.2)
        return scenario
    }

    static func standIn() throws -> StandIn {
        var json = scenario().json.object!
        json["rawBytes"] = .object(JSONObject([.init(invalidUTF8Token, "fffec080eda080")]))
        return try StandIn(scenario: .object(json))
    }

    static func isC1(_ value: UInt32) -> Bool { (0x80...0x9F).contains(value) }
    /// The embeddings and overrides (LRE…RLO) and isolates (LRI…PDI) that reorder text.
    static func isBidiControl(_ value: UInt32) -> Bool { (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) }

    /// No byte that starts or belongs to a control sequence, no C1 control, no bidi
    /// override, and valid UTF-8.
    static func expectHarmless(_ output: [UInt8], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!output.contains(0x1B) && !output.contains(0x07), "\(what): ESC or BEL", sourceLocation: sourceLocation)
        let text = String(validating: output, as: UTF8.self)
        #expect(text != nil, "\(what): valid UTF-8", sourceLocation: sourceLocation)
        let scalars = text?.unicodeScalars.map(\.value) ?? []
        #expect(!scalars.contains { isC1($0) || (0x00...0x1F).contains($0) && $0 != 0x0A },
                "\(what): C0/C1 controls", sourceLocation: sourceLocation)
        #expect(!scalars.contains(where: isBidiControl),
                "\(what): bidi controls", sourceLocation: sourceLocation)
        #expect(!(text ?? "").contains("pwned"), "\(what): an OSC payload", sourceLocation: sourceLocation)
    }

    @Test func textAndMarkdownReportsCarryNoControlSequences() throws {
        let standIn = try Self.standIn()
        for format in ["text", "markdown"] {
            let result = try runRollwatch(["report", "--for", "2s", "--format", format, "--kubeconfig", standIn.kubeconfig])
            #expect(result.status == .exited(0), "an info finding does not fail the run: \(result.stderrText)")
            Self.expectHarmless(result.stdout, format)
            let lines = result.stdoutText.split(separator: "\n")
            #expect(lines.allSatisfy { $0.utf8.count < 10_000 }, "\(format): no megabyte line")
            #expect(result.stdoutText.contains("more bytes not kept"), "\(format): the cut is said")
            #expect(result.stdoutText.contains("web-aaa-gnp.exex"), "\(format): the name stays readable")
            #expect(result.stdoutText.contains("probe-failures"), "\(format): the finding is there")
            if format == "text" {
                // Every pod row starts its second column where the header's does.
                let header = try #require(lines.first { $0.hasPrefix("POD ") })
                let column = header.distance(from: header.startIndex, to: header.firstRange(of: "REVISION")!.lowerBound)
                let rows = lines.filter { $0.hasPrefix("web-") }
                #expect(rows.count == 2)
                for row in rows {
                    let characters = Array(row)
                    #expect(characters.count > column && characters[column - 1] == " " && characters[column] != " ", "aligned: \(row)")
                }
            }
        }
    }

    @Test func theViewDrawsThemHarmlessly() throws {
        let standIn = try Self.standIn()
        let directory = TemporaryDirectory()
        let output = directory.file("terminal-output")
        let tmux = try Tmux(width: 120, height: 30)
        let titleBefore = tmux.paneTitle
        tmux.recordOutput(to: output)
        tmux.type("\(Paths.rollwatchBinary) --kubeconfig \(standIn.kubeconfig)")
        let table = try #require(tmux.waitFor { $0.contains("web-aaa-2") && $0.contains("probe-failures") },
                                 "both pods and the finding show:\n\(tmux.capture())")
        #expect(table.contains("web-aaa-gnp.exex"))
        // Open each pod's detail, where reasons, messages and events are printed.
        for _ in 0..<2 {
            tmux.send("j")
            tmux.send("Enter")
            #expect(tmux.waitFor("Timeline") != nil, "the detail opens:\n\(tmux.capture())")
            tmux.send("Escape")
        }
        tmux.send("f")
        #expect(tmux.waitFor("probe failed") != nil, "the findings list opens:\n\(tmux.capture())")
        let screen = tmux.capture()
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.contains("rollwatch") == true, "the header is still on the first line:\n\(screen)")
        #expect(lines.allSatisfy { $0.count <= 120 })
        tmux.send("q")
        tmux.send("q")
        #expect(tmux.waitFor("READY$") != nil)
        #expect(tmux.paneTitle == titleBefore, "the title is untouched: \(tmux.paneTitle)")
        #expect(!screen.unicodeScalars.contains { Self.isBidiControl($0.value) || Self.isC1($0.value) })
        // What rollwatch wrote to the terminal: curses' own sequences, never the cluster's.
        let written = try #require(readBytes(output))
        let text = String(decoding: written, as: UTF8.self)
        #expect(!text.contains("pwned") && !text.contains("]2;") && !text.contains("]0;"), "no OSC reached the terminal")
        #expect(!text.unicodeScalars.contains { Self.isBidiControl($0.value) }, "no bidi control reached the terminal")
        #expect(!text.unicodeScalars.contains { Self.isC1($0.value) }, "no C1 control reached the terminal")
    }
}
}
