import KubeModel

/// The findings of the text form, written from the findings themselves as bytes.
///
/// A findings-heavy report prints 20,000 of them once the last input is in, while the
/// user waits. Going through `ReportedFinding` (its times written out in RFC 3339 to be
/// cut to a clock, its evidence lines joined into new Strings) and then `PrintedFinding`
/// cost ~25,000 instructions a finding; the same lines written here from the parts cost
/// a third of that. The words are those the text form always printed, byte for byte
/// (`TextFindingsTests` hold them to the report's JSON, hostile and foreign text included).
extension ReportRenderer {
    /// The findings at `positions` of the report's findings, in the text form, in order.
    static func textFindings(_ positions: ArraySlice<Int>, of report: Report) -> [UInt8] {
        var text = TextBytes(capacity: positions.count * 1_024)
        // A rule's remedy is the same text on each of its findings: indented once, and
        // found again by `==` (the same storage, most often), not hashed as a key.
        var indentedRemedies: [(remedy: String, indented: String)] = []
        for position in positions {
            let finding = report.findings[position]
            appendHead(of: finding, in: report, to: &text)
            for evidence in finding.evidence {
                text.append("    ")
                text.append(clock(evidence.at))
                text.append("  ")
                appendShown(evidence, to: &text)
                text.append("\n")
            }
            text.append("  Fix:\n")
            if let known = indentedRemedies.first(where: { $0.remedy == finding.remedy }) {
                text.append(known.indented)
            } else {
                let indented = finding.remedy.linesSplitAtLineFeeds.map { "    " + $0 }.joined(separator: "\n") + "\n\n"
                indentedRemedies.append((finding.remedy, indented))
                text.append(indented)
            }
        }
        return text.bytes
    }

    /// The lines before the evidence: severity, rule and subject; the summary; the window;
    /// what the access logs said of it, when they were read.
    private static func appendHead(of finding: Finding, in report: Report, to text: inout TextBytes) {
        text.append(finding.severity.printedName)
        text.append("  ")
        text.append(finding.rule.rawValue)
        text.append("  ")
        appendSubject(of: finding, to: &text)
        text.append("\n  ")
        text.append(shown(finding.summary, limit: lineLimit))
        text.append("\n  ")
        appendWindow(start: finding.start, end: finding.end, length: finding.seconds(until: report.now), to: &text)
        text.append("\n")
        if let traffic = report.traffic {
            let impact = Report.countsJSON(traffic.impact(of: finding, store: report.store, now: report.now))
            if impact.object != nil {
                text.append("  ")
                text.append(impactLine(impact))
                text.append("\n")
            }
        }
    }

    /// `namespace/pod → svc/service`, cleaned and cut as `shown` does; written in its
    /// parts when none holds anything to clean and the whole is within the limit.
    private static func appendSubject(of finding: Finding, to text: inout TextBytes) {
        let parts = [finding.namespace, finding.pod ?? "", finding.service ?? ""]
        // 16: more than the separators' 10 bytes.
        guard parts.reduce(16, { $0 + $1.utf8.count }) <= nameLimit * 3, parts.allSatisfy(\.isTerminalSafe) else {
            return text.append(shown(subject(namespace: finding.namespace, pod: finding.pod, service: finding.service), limit: nameLimit * 3))
        }
        appendSubject(namespace: finding.namespace, pod: finding.pod, service: finding.service, to: &text)
    }

    /// `namespace/pod → svc/service`, as the text forms head a finding, before it is cleaned and cut.
    static func subject(namespace: String, pod: String?, service: String?) -> String {
        var text = TextBytes(capacity: 64)
        appendSubject(namespace: namespace, pod: pod, service: service, to: &text)
        return String(decoding: text.bytes, as: UTF8.self)
    }

    /// `subject(namespace:pod:service:)` written to `text`.
    private static func appendSubject(namespace: String, pod: String?, service: String?, to text: inout TextBytes) {
        text.append(namespace)
        if let pod {
            text.append("/")
            text.append(pod)
        }
        if let service {
            text.append(" → svc/")
            text.append(service)
        }
    }

    /// A finding's window as the text forms say it: `14:23:11.2–14:23:19.0 (7.8 s)`, or
    /// `since 14:23:11.2 (still open, 7.8 s)`. Written as bytes, for the text form's
    /// thousands of findings; the Markdown form makes a String of them.
    static func appendWindow(start: Timestamp, end: Timestamp?, length: Double, to text: inout TextBytes) {
        if let end {
            text.append(clock(start))
            text.append("–")
            text.append(clock(end))
            text.append(" (")
        } else {
            text.append("since ")
            text.append(clock(start))
            text.append(" (still open, ")
        }
        appendTenths(length, to: &text)
        text.append(" s)")
    }

    /// `"\(length)"` of a length rounded to the tenth of a second, as `Report.reported`
    /// rounds it: the tenths in whole numbers where the Double's own words are the same
    /// (`12.3`, `4.0`; checked against them in the tests), its own words elsewhere.
    static func appendTenths(_ seconds: Double, to text: inout TextBytes) {
        let tenths = (seconds * 10).rounded()
        guard tenths.sign == .plus, tenths < 1e9 else { return text.append("\(tenths / 10)") }
        let whole = Int(tenths)
        text.append(decimal: whole / 10)
        text.append(".")
        text.append(decimal: whole % 10)
    }

    /// `shown(evidence.what, limit: lineLimit)`. An event's line is `pod: message` and its
    /// count, which joined made a String of kilobytes for each line: written in its parts
    /// when neither holds anything to clean and the whole is within the limit, as the
    /// cleaning and the cut then leave it as it is.
    private static func appendShown(_ evidence: Evidence, to text: inout TextBytes) {
        switch evidence.text {
        case .event(let pod, let message, let count) where printsAsIs(pod, message):
            text.append(pod)
            text.append(": ")
            text.append(message)
            if count > 1 {
                text.append(" (×")
                text.append(decimal: count)
                text.append(")")
            }
        case .transition(let pod, let transition):
            let summary = transition.summary
            guard printsAsIs(pod, summary) else { return text.append(shown(evidence.what, limit: lineLimit)) }
            text.append(pod)
            text.append(": ")
            text.append(summary)
        default:
            text.append(shown(evidence.what, limit: lineLimit))
        }
    }

    /// Whether `pod: text` and a count's suffix (at most 32 bytes with the separator) print
    /// as they are: nothing in them to clean, and within the line's limit.
    private static func printsAsIs(_ pod: String, _ text: String) -> Bool {
        pod.utf8.count + text.utf8.count + 32 <= lineLimit && pod.isTerminalSafe && text.isTerminalSafe
    }
}

extension Severity {
    /// The severity as the text form heads a finding with: `CRITICAL`.
    var printedName: StaticString {
        switch self {
        case .info: "INFO"
        case .warning: "WARNING"
        case .critical: "CRITICAL"
        }
    }
}
