import JSONLite
import KubeModel

/// A finding as the report states it: its times written out, its length rounded, its
/// traffic impact counted. The JSON form is written from it, and the text and Markdown
/// forms print from it too, so every format says the same thing without the text forms
/// building and reading back JSON for each finding (a findings-heavy report has 20,000).
struct ReportedFinding {
    var rule: String
    var severity: String
    var namespace: String
    var pod: String?
    var containers: [String]
    var service: String?
    /// Written in RFC 3339 with milliseconds where a form prints it whole.
    var start: Timestamp
    /// Nil while open.
    var end: Timestamp?
    /// To the tenth of a second, up to the report's end for an open finding.
    var seconds: Double
    var summary: String
    /// Each piece of evidence: its time (written in RFC 3339 where a form prints it whole) and what happened.
    var evidence: [(time: Timestamp, what: String)]
    var remedy: String
    /// What the access logs counted in the finding's window (`Report.countsJSON`); nil without access logs.
    var impact: JSON?

    /// The finding's report object, its members in the report's order.
    var json: JSON {
        let json: JSON = [
            "rule": .string(rule),
            "severity": .string(severity),
            "namespace": .string(namespace),
            "pod": .optional(pod),
            "containers": .array(containers.map { .string($0) }),
            "service": .optional(service),
            "start": .string(start.rfc3339(fractionDigits: 3)),
            "end": .optional(end?.rfc3339(fractionDigits: 3)),
            "seconds": .number(seconds),
            "summary": .string(summary),
            "evidence": .array(evidence.map { ["at": .string($0.time.rfc3339(fractionDigits: 3)), "what": .string($0.what)] }),
            "remedy": .string(remedy),
        ]
        guard let impact, case .object(var object) = json else { return json }
        object["impact"] = impact
        return .object(object)
    }
}
