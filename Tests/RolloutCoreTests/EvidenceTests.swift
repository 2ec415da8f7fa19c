import KubeModel
@testable import RolloutCore
import Testing

/// Evidence is kept as its parts and written out when read; these hold it to the lines
/// it stands for, and the rules' byte-level shortcuts to the Character walks they replace.
@Suite struct EvidenceTests {
    static let at = Timestamp(microseconds: 1_000_000)

    static var variants: [Evidence] {
        let messages = ["Readiness probe failed", "Readiness probe failed (×2)", "", "ünï cödé (×3)", "Readiness probe failed (×3)"]
        var all: [Evidence] = []
        for pod in ["web-1", "web-1: Readiness", "web-2"] {
            for message in messages {
                for count in [0, 1, 2, 3] {
                    all.append(Evidence(at: at, pod: pod, message: message, count: count))
                }
                all.append(Evidence(at: at, what: "\(pod): \(message)"))
                all.append(Evidence(at: at, pod: pod, transition: Transition(time: at, change: .event(reason: "Unhealthy", message: message, count: 2, source: ""))))
            }
            for change in [Transition.Change.phase("Running"), .containerReady(container: "app", ready: true), .podIP("10.0.0.1")] {
                all.append(Evidence(at: at, pod: pod, transition: Transition(time: at, change: change)))
                all.append(Evidence(at: at, what: "\(pod): \(Transition(time: at, change: change).summary)"))
            }
        }
        return all
    }

    @Test func equalExactlyWhenTheLinesAre() {
        let all = Self.variants
        for left in all {
            for right in all {
                #expect((left == right) == (left.what == right.what), "\(left.what) / \(right.what)")
            }
            var later = left
            later.at = Timestamp(microseconds: 2_000_000)
            #expect(left != later)
        }
    }

    /// The tracker's lookup of held evidence by time finds exactly what `contains` finds.
    @Test func heldEvidenceIsFoundByTimeAsContainsFindsIt() {
        let variants = Self.variants
        var held: [Evidence] = []
        for (index, item) in variants.enumerated() where index % 3 != 0 {
            var item = item
            item.at = Timestamp(microseconds: Int64(1_000_000 + (index % 7) * 1_000))
            held.append(item)
        }
        held.sort { $0.at < $1.at }
        #expect(held.isSortedByTime && !held.reversed().isSortedByTime)
        for (index, item) in variants.enumerated() {
            for offset in 0..<8 {
                var probe = item
                probe.at = Timestamp(microseconds: Int64(1_000_000 + ((index + offset) % 8) * 1_000))
                #expect(held.holdsSorted(probe, below: held.count) == held.contains(probe), "\(probe.what)")
                #expect(held.holdsSorted(probe, below: held.count / 2) == held[..<(held.count / 2)].contains(probe))
            }
        }
    }

    @Test func linesAsTheRulesWroteThem() {
        #expect(Evidence(at: Self.at, pod: "web-1", message: "probe failed", count: 1).what == "web-1: probe failed")
        #expect(Evidence(at: Self.at, pod: "web-1", message: "probe failed", count: 4).what == "web-1: probe failed (×4)")
        let transition = Transition(time: Self.at, change: .containerReady(container: "istio-proxy", ready: false))
        #expect(Evidence(at: Self.at, pod: "web-1", transition: transition).what == "web-1: istio-proxy ready=false")
        var evidence = Evidence(at: Self.at, pod: "web-1", transition: transition)
        evidence.what = "replaced"
        #expect(evidence.what == "replaced")
    }

    @Test func firstWordAsSplitGivesIt() {
        let messages = [
            "", " ", "   ", "Readiness probe failed", "  Liveness  probe", "word", "word ", " word", "a\u{301} b", "a \u{301}b",
            "Readiness \u{301}probe", "ünïcödé probe", "Readiness\r\nprobe", "x\r probe", "\u{600} probe", "Startup\u{200D} probe",
            "Readiness\u{0301} probe failed", "Réadiness probe", "日本語 プローブ", "probe\u{301}", " \u{301}", "Readiness probe\u{301}",
        ]
        for message in messages {
            #expect(ProbeFailuresRule.firstWord(of: message) == message.split(separator: " ", maxSplits: 1).first.map(String.init),
                    "\(Array(message.unicodeScalars))")
        }
    }

    /// The kinds a run of messages gathers are those the split gathers, in the same order:
    /// the bytes path must agree with String equality, also when a kind is not ASCII
    /// (the Kelvin sign equals "K" as Strings compare) or a message is undecided by bytes.
    @Test func kindsGatherAsTheSplitGathersThem() {
        let runs = [
            ["Readiness probe failed", "Liveness probe failed", "Readiness probe failed: 503", "  Liveness x", "", "   "],
            ["\u{212A}ind probe", "Kind probe", "K\u{301} probe", "Kind probe", "Readiness\r\nprobe", "Readiness x"],
            ["Réadiness probe", "Readiness probe", "日本語 プローブ", "Readiness \u{301}probe", "Readiness probe"],
        ]
        for run in runs {
            var reference: [String] = []
            var gathered: [String] = []
            for message in run {
                if let word = message.split(separator: " ", maxSplits: 1).first.map(String.init), !reference.contains(word) {
                    reference.append(word)
                }
                ProbeFailuresRule.addFirstWord(of: message, to: &gathered)
            }
            #expect(gathered == reference, "\(run)")
            #expect(gathered.map { Array($0.utf8) } == reference.map { Array($0.utf8) })
        }
    }

    @Test func containerAsTheCharacterWalkFindsIt() {
        func reference(_ path: String) -> String {
            guard let open = path.firstIndex(of: "{"), let close = path.lastIndex(of: "}"), open < close else { return "" }
            return String(path[path.index(after: open)..<close])
        }
        let paths = ["", "spec.containers{grpc-server}", "spec.containers{a}{b}", "}{", "spec{", "spec.containers{\u{301}x}",
                     "spec.containers{x}\u{301}", "spec.containers{ünï}", "{\r\n}", "\u{600}{x}", "spec.initContainers{istio-proxy}"]
        for path in paths {
            #expect(ProbeFailuresRule.container(inFieldPath: path) == reference(path), "\(Array(path.unicodeScalars))")
        }
    }
}
