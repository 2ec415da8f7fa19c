import JSONLite
import KubeModel
import Testing
@testable import RolloutCore

/// The text form writes each finding from its parts, as bytes; what it writes must be
/// what the report's JSON says of the finding, in the words the text form has always
/// used, for hostile, long, foreign and ordinary findings alike.
@Suite struct TextFindingsTests {
    static let base = Timestamp(microseconds: 1_795_000_000_000_000)
    static let escape = "\u{1B}]2;pwned\u{07}"
    static let long = String(repeating: "stack frame at Handler.process(Handler.java:100)\n\t", count: 120)

    /// Findings whose every printed part takes each of the writer's paths: parts written as
    /// they are, and parts that must be cleaned or cut first.
    static var findings: [Finding] {
        let pods = ["checkout-1", "web-\(escape)x", "決済-ポッド", String(repeating: "p", count: 300)]
        let messages = ["Readiness probe failed: HTTP probe failed with statuscode: 503", "bad \(escape)code\r\nnext",
                        "준비되지 않음 🚀", long, "tab\there", "", String(repeating: "x", count: ReportRenderer.lineLimit - 10),
                        String(repeating: "y", count: ReportRenderer.lineLimit - 40)]
        let changes: [Transition.Change] = [.phase("Running"), .containerReady(container: "app\(escape)", ready: true),
                                            .event(reason: "Unhealthy", message: "probe \(escape) failed", count: 4, source: "kubelet")]
        let lengths: [Double] = [0, 0.04, 0.05, 0.25, 7.8, 16.15, 59.95, 12_345.67, 99_999_999.96, 3e9, -2.5]
        var findings: [Finding] = []
        for (number, pod) in pods.enumerated() {
            for (index, message) in messages.enumerated() {
                let start = base.adding(seconds: Double(number * 10 + index))
                let length = lengths[(number * messages.count + index) % lengths.count]
                var evidence = [Evidence(at: start, pod: pod, message: message, count: index),
                                Evidence(at: start.adding(seconds: 0.3), pod: pod, transition: Transition(time: start, change: changes[index % changes.count])),
                                Evidence(at: start.adding(seconds: 0.7), what: "\(pod): \(message)")]
                if index == 2 { evidence = [] }
                findings.append(Finding(rule: RuleID.allCases[index % RuleID.allCases.count], severity: Severity.allCases[number % 3],
                                        namespace: number == 1 ? "shop\(escape)" : "shop", pod: index == 4 ? nil : pod, podUID: "uid-\(number)",
                                        containers: ["app"], service: index % 2 == 0 ? "checkout\(number == 3 ? escape : "")" : nil,
                                        start: start, end: index == 5 ? nil : start.adding(seconds: length),
                                        summary: index == 3 ? long : "app of \(pod) took traffic \(message.prefix(20))", evidence: evidence,
                                        remedy: "Add a readinessProbe:\n  readinessProbe:\n    periodSeconds: \(number % 2 + 1)"))
            }
        }
        return findings
    }

    @Test func eachFindingSaysInTextWhatItsJSONSays() throws {
        let report = Report(version: "test", source: ReportSource(kind: .live), store: Store(), findings: Self.findings,
                            now: Self.base.adding(seconds: 100))
        let text = ReportRenderer(format: .text).render(report)
        let expected = try JSONParser().parse(report.json().serialized())["findings"].array.map(Self.textOf).joined()
        let start = try #require(text.firstRange(of: "Findings: \(report.findings.count)\n\n")).upperBound
        let printed = String(decoding: Array(text[start...].utf8.prefix(expected.utf8.count)), as: UTF8.self)
        let printedLines = printed.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(printedLines.count == expectedLines.count)
        for (line, (printedLine, expectedLine)) in zip(printedLines, expectedLines).enumerated() where printedLine != expectedLine {
            Issue.record("line \(line): printed \(printedLine.debugDescription), its JSON says \(expectedLine.debugDescription)")
            break
        }
        #expect(!printed.contains("\u{1B}"))
    }

    /// The words of a finding's text, from its report object: the form as it stood before
    /// the text was written from the parts.
    static func textOf(_ finding: JSON) -> String {
        func clock(_ time: String?) -> String {
            guard let time, time.count >= 21 else { return "?" }
            return String(time.dropFirst(11).prefix(10))
        }
        let shown = ReportRenderer.shown
        var subject = [finding["namespace"].string, finding["pod"].string].compactMap { $0 }.joined(separator: "/")
        if let service = finding["service"].string { subject += " → svc/\(service)" }
        let seconds = "\(finding["seconds"].double ?? .nan) s"
        let start = clock(finding["start"].string)
        let window = finding["end"].string.map { "\(start)–\(clock($0)) (\(seconds))" } ?? "since \(start) (still open, \(seconds))"
        var text = "\((finding["severity"].string ?? "").uppercased())  \(finding["rule"].string ?? "")  "
        text += shown(subject, ReportRenderer.nameLimit * 3) + "\n"
        text += "  \(shown(finding["summary"].string ?? "", ReportRenderer.lineLimit))\n  \(window)\n"
        for evidence in finding["evidence"].array {
            text += "    \(clock(evidence["at"].string))  \(shown(evidence["what"].string ?? "", ReportRenderer.lineLimit))\n"
        }
        let remedy = (finding["remedy"].string ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        return text + "  Fix:\n" + remedy.map { "    " + $0 }.joined(separator: "\n") + "\n\n"
    }

    /// A length rounded to tenths is printed as the Double says it, near and far from zero.
    @Test func lengthsInTenthsAreTheDoublesOwnWords() {
        var lengths: [Double] = [0, -0.0, 0.04, 0.05, 0.15, 1e8 - 0.06, 1e8 - 0.04, 1e9, 1e15, 1e17, -1, -0.04, .infinity]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { lengths.append(Double.random(in: 0..<1e6, using: &generator)) }
        for _ in 0..<2_000 { lengths.append(Double(Int.random(in: 0..<100_000, using: &generator)) / 10) }
        for length in lengths {
            var text = TextBytes(capacity: 32)
            ReportRenderer.appendTenths(length, to: &text)
            #expect(String(decoding: text.bytes, as: UTF8.self) == "\((length * 10).rounded() / 10)", "\(length)")
        }
    }
}
