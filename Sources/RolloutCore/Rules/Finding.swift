import KubeModel

public enum Severity: String, Sendable, Comparable, CaseIterable {
    case info
    case warning
    case critical

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rank < rhs.rank
    }
}

/// The stable rule ids of SPEC §4: what reports, filters and CI gates key on.
public enum RuleID: String, Sendable, CaseIterable {
    case trafficBeforeReady = "traffic-before-ready"
    case sidecarNotReady = "sidecar-not-ready"
    case initBlockedByMesh = "init-blocked-by-mesh"
    case negGateWithoutHealthCheck = "neg-gate-without-health-check"
    case negGateTimeout = "neg-gate-timeout"
    case noDrainDelay = "no-drain-delay"
    case noReadyEndpoints = "no-ready-endpoints"
    case missingReadinessProbe = "missing-readiness-probe"
    case gracePeriodCapped = "grace-period-capped"
    case probeFailures = "probe-failures"
}

/// One timed fact that proves a finding.
///
/// Rules observe every pod an input touches, and most observations only confirm evidence
/// a finding already holds, so the line is kept as its parts (the pod's event or
/// transition, whose strings it shares) and written out when read: building "pod: message"
/// for each of a pod's 64 probe-failure events on every update was a fifth of ingest on
/// an event-heavy capture. Equality is that of the written lines, as it always was.
public struct Evidence: Sendable, Equatable {
    public var at: Timestamp
    public var what: String {
        get { text.line }
        set { text = .line(newValue) }
    }

    var text: Text

    public init(at: Timestamp, what: String) {
        self.at = at
        text = .line(what)
    }

    /// `pod: message`, with ` (×count)` when the event happened more than once.
    init(at: Timestamp, pod: String, message: String, count: Int) {
        self.at = at
        text = .event(pod: pod, message: message, count: count)
    }

    /// `pod: ` and the transition's summary.
    init(at: Timestamp, pod: String, transition: Transition) {
        self.at = at
        text = .transition(pod: pod, transition)
    }

    enum Text: Sendable {
        case line(String)
        case event(pod: String, message: String, count: Int)
        case transition(pod: String, Transition)

        var line: String {
            switch self {
            case .line(let line): return line
            case .event(let pod, let message, let count): return Self.joined(pod, message, count > 1 ? " (×\(count))" : "")
            case .transition(let pod, let transition): return Self.joined(pod, transition.summary, "")
            }
        }

        /// `pod: text` and the suffix, in a String sized once: a report writes a line for each
        /// piece of evidence, and interpolating a message of kilobytes wrote it piece by piece.
        private static func joined(_ pod: String, _ text: String, _ suffix: String) -> String {
            var line = ""
            line.reserveCapacity(pod.utf8.count + 2 + text.utf8.count + suffix.utf8.count)
            line.append(pod)
            line.append(": ")
            line.append(text)
            line.append(suffix)
            return line
        }

        /// Whether the two lines are equal; from the parts when they decide it, else written out.
        static func == (lhs: Text, rhs: Text) -> Bool {
            switch (lhs, rhs) {
            case (.line(let left), .line(let right)):
                return left == right
            case (.event(let pod, let message, let count), .event(let otherPod, let otherMessage, let otherCount))
                where pod == otherPod && (message == otherMessage || max(count, 1) == max(otherCount, 1)):
                // The same prefix, and the same message or the same suffix (a count of 0 or 1
                // writes none): equal lines exactly when the other part is equal too. A message
                // ending in another's suffix ("… (×2)") is left to the lines below.
                return message == otherMessage && max(count, 1) == max(otherCount, 1)
            case (.transition(let pod, let transition), .transition(let otherPod, let otherTransition))
                where pod == otherPod && transition == otherTransition:
                return true
            default:
                return lhs.line == rhs.line
            }
        }
    }

    public static func == (lhs: Evidence, rhs: Evidence) -> Bool {
        lhs.at == rhs.at && lhs.text == rhs.text
    }
}

/// A race rollwatch found: what, where, over which window of the receive
/// timeline, why it believes it, and what to change.
public struct Finding: Sendable, Equatable {
    public var rule: RuleID
    public var severity: Severity
    public var namespace: String
    /// nil for Service-level findings (no-ready-endpoints).
    public var pod: String?
    /// The uid of the pod instance the finding is about (nil for Service-level ones):
    /// names are reused (a StatefulSet's pods), uids are not, so this is how a view
    /// gives a finding to its pod. Not printed in reports.
    public var podUID: String?
    public var containers: [String]
    public var service: String?
    public var start: Timestamp
    /// nil while the condition lasts.
    public var end: Timestamp?
    public var summary: String
    public var evidence: [Evidence]
    public var remedy: String

    /// Length of the window; open findings count up to `now`.
    public func seconds(until now: Timestamp) -> Double {
        (end ?? now).seconds(since: start)
    }
}
