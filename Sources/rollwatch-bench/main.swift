// rollwatch-bench: the in-process measurements of `make bench` (SPEC §8) that a
// command line cannot take from outside: how long one frame takes to build, how
// long a replay seek takes, and what the store holds after a capture.
//
//     rollwatch-bench frame FILE [--size WxH] [--pods N] [--every N] [--frames N]
//                                [--access-log-lines K] [--findings-list]
//     rollwatch-bench seek FILE [--points N]
//     rollwatch-bench heap FILE
//
// Each prints `name value unit` lines for the Makefile's report to pick up.
#if canImport(Glibc)
import Glibc
#endif
import CPosix
import KubeModel
import Recording
import Replay
import RolloutCore
import RolloutUI
import Session

struct BenchError: Error {
    let message: String
}

func say(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(1, $0, strlen($0)) }
}

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// Every input of a recording, straight into a rollout state.
func ingest(_ path: String) throws -> RolloutState {
    var reader = RecordingReader(path: path)
    var state = RolloutState()
    var last: Timestamp?
    try reader.read { input in
        state.ingest(input)
        last = input.time
    }
    if let last { state.advance(to: last) }
    return state
}

/// Time to build the whole view (pod table, detail pane, header) into the screen
/// buffer, as the terminal app does per frame: while the capture plays, a frame
/// after every `every` inputs once `pods` pods are in the store (a rollout going on
/// at 1,000 events/s drawn at 20 frames/s is 50 inputs a frame); the first such
/// frame, which builds every row; and `frames` more at the end with nothing changed.
///
/// With `accessLogLines` K, each input while frames are measured is followed by K
/// access-log lines of the pods in turn (one in ten a 503 UF), as `--access-logs`
/// would read them: at 50 inputs a frame and K = 1, 1,000 lines a second at 20 frames
/// a second, so frames draw the errors lane, the counts and the header's last minute.
/// `findingsList` draws the findings list (with its unexplained rows) instead of the table.
func frame(path: String, width: Int, height: Int, pods: Int, every: Int, frames: Int, accessLogLines: Int = 0,
           findingsList: Bool = false) throws {
    var reader = RecordingReader(path: path)
    var state = RolloutState()
    let view = RolloutView()
    var viewState = ViewState()
    if findingsList { viewState.panel = .findings }
    var logPods: [PodName] = []
    var logLines = 0
    func addLogLines(at time: Timestamp) {
        if logPods.isEmpty { logPods = state.store.orderedPods.map(\.podName) }
        for _ in 0..<accessLogLines {
            let pod = logPods[logLines % logPods.count]
            logLines += 1
            let (code, flags) = logLines % 10 == 0 ? (503, "UF") : (200, "-")
            let text = "[\(time.rfc3339(fractionDigits: 3))] \"GET /api HTTP/1.1\" \(code) \(flags) via_upstream - \"-\" 0 91 2 - \"-\" "
                + "\"bench\" \"bench-\(logLines)\" \"shop\" \"10.0.0.1:8080\" inbound|8080|| 127.0.0.6:41000 10.0.0.1:8080 10.0.0.2:40000 - default"
            state.ingest(.log(LogInput(time: time, source: LogSource(namespace: pod.namespace, pod: pod.name, container: "istio-proxy"),
                                       entry: AccessLogParser.parse(text))))
        }
    }
    let clock = ContinuousClock()
    func render() -> Double {
        let input = ViewInput(state: state, view: viewState,
                              session: SessionInfo(context: "bench", namespace: "payments", target: "deploy/checkout"),
                              playback: .live, now: state.clock ?? Timestamp(microseconds: 0))
        var rendered: Rendered?
        let took = clock.measure { rendered = view.render(input, width: width, height: height) }
        viewState = rendered!.view
        return milliseconds(took)
    }
    var first: Double?
    var during: [Double] = []
    var sinceFrame = 0
    try reader.read { input in
        state.ingest(input)
        sinceFrame += 1
        if accessLogLines > 0, state.store.pods.count >= pods { addLogLines(at: input.time) }
        guard state.store.pods.count >= pods, sinceFrame >= every else { return }
        sinceFrame = 0
        let took = render()
        if first == nil { first = took } else { during.append(took) }
    }
    let steady = (0..<frames).map { _ in render() }
    say("frame_pods \(state.store.pods.count) pods")
    // What the view had to show: a frame's cost must not grow with it.
    let open = Severity.allCases.reduce(0) { $0 + state.findingIndex.openCount($1) }
    say("frame_open_findings \(open) findings (\(state.findings.count) in all)")
    say("frame_size \(width)x\(height) cells")
    say("frame_first \(first ?? 0) ms")
    say("frame_rollout_frames \(during.count) frames")
    say("frame_rollout_median \(median(during)) ms")
    say("frame_rollout_max \(during.max() ?? 0) ms")
    say("frame_steady_median \(median(steady)) ms")
    if let traffic = state.traffic {
        say("frame_access_log_lines \(logLines) lines (\(traffic.totals.failed) failed requests)")
    }
}

/// Loads the recording as `replay` does (`LoadedRecording`: the line index and
/// keyframes), then seeks to `points` places spread over it, each from the state the
/// previous seek left.
func seek(path: String, points: Int) throws {
    let clock = ContinuousClock()
    var loaded: LoadedRecording?
    var failure: (any Error)?
    let load = clock.measure {
        do { loaded = try LoadedRecording(RecordingSource(name: path, origin: .file), initial: RolloutState()) } catch { failure = error }
    }
    if let failure { throw BenchError(message: "\(failure)") }
    guard let timeline = loaded?.timeline, let start = timeline.startTime, let end = timeline.endTime else {
        throw BenchError(message: "\(path): no inputs to seek in")
    }
    say("seek_load \(milliseconds(load)) ms")
    say("seek_heap_after_load \(rw_heap_in_use() / 1_048_576) MiB")
    say("seek_keyframes \(timeline.keyframeCount) states")
    say("seek_peak_rss_after_load \(peakResidentKiB() / 1024) MiB")
    // A fixed, spread-out order (not monotone) so both directions are measured.
    let fractions = (0..<points).map { Double(($0 * 7) % points) / Double(max(1, points - 1)) }
    var current: RolloutState?
    var times: [Double] = []
    for fraction in fractions {
        let target = Timestamp(microseconds: start.microseconds + Int64(Double(end.microseconds - start.microseconds) * fraction))
        var state: RolloutState?
        // As the player does: the timeline takes the current state.
        let took = clock.measure { state = timeline.state(at: target, from: current.take()) }
        current = state
        times.append(milliseconds(took))
        say("seek_to \(Int(fraction * 100))% \(milliseconds(took)) ms")
    }
    say("seek_median \(median(times)) ms")
    say("seek_max \(times.max() ?? 0) ms")
    // What the replay held at its most: the inputs and keyframes, loading and seeking.
    say("seek_peak_rss \(peakResidentKiB() / 1024) MiB")
}

/// What the state holds after the capture: the figures behind the peak memory.
func heap(path: String) throws {
    let before = rw_heap_in_use()
    let state = try ingest(path)
    let transitions = state.store.pods.values.reduce(0) { $0 + $1.timeline.count }
    let events = state.store.events.values.reduce(0) { $0 + $1.count }
    say("heap_in_use \((rw_heap_in_use() - before) / 1_048_576) MiB")
    say("heap_pods \(state.store.pods.count) records")
    say("heap_transitions \(transitions) transitions")
    say("heap_events \(events) events")
    say("heap_findings \(state.findings.count) findings")
    say("heap_peak_rss \(peakResidentKiB() / 1024) MiB")
}

/// VmHWM of /proc/self/status: the most resident memory the process has had.
func peakResidentKiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmHWM:") {
            return Int(text.dropFirst(6).filter { $0.isNumber }) ?? 0
        }
    }
    return 0
}

func option(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func main() -> Int32 {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard arguments.count >= 2 else {
        say("usage: rollwatch-bench frame|seek|heap FILE [--size WxH] [--pods N] [--every N] [--frames N] [--points N]")
        return 2
    }
    let path = arguments[1]
    do {
        switch arguments[0] {
        case "frame":
            let size = (option("--size", in: arguments) ?? "200x60").split(separator: "x").compactMap { Int($0) }
            guard size.count == 2 else { throw BenchError(message: "--size takes WIDTHxHEIGHT") }
            try frame(path: path, width: size[0], height: size[1], pods: Int(option("--pods", in: arguments) ?? "") ?? 10_000,
                      every: Int(option("--every", in: arguments) ?? "") ?? 50, frames: Int(option("--frames", in: arguments) ?? "") ?? 101,
                      accessLogLines: Int(option("--access-log-lines", in: arguments) ?? "") ?? 0,
                      findingsList: arguments.contains("--findings-list"))
        case "seek":
            try seek(path: path, points: Int(option("--points", in: arguments) ?? "") ?? 10)
        case "heap":
            try heap(path: path)
        default:
            throw BenchError(message: "unknown measurement \(arguments[0])")
        }
    } catch let error as BenchError {
        say("rollwatch-bench: \(error.message)")
        return 2
    } catch {
        say("rollwatch-bench: \(error)")
        return 2
    }
    return 0
}

exit(main())
