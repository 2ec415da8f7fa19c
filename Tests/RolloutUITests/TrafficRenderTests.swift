import KubeModel
import RolloutCore
import RolloutUI
import Testing
import TestSupport

/// The view with access logs (issue 15): seed 001 with the gateway's and the pods'
/// proxy logs read as a session reads them. The errors lane, the counts in the detail
/// pane and the findings list, the header's last minute and the unexplained rows.
/// Without logs none of it is drawn: every other snapshot is a session without logs.
@Suite struct TrafficRenderTests {
    static let seed = TrafficScenarios.seed001WithTraffic

    static func render(at seconds: Double, width: Int, height: Int, panel: ViewState.Panel = .pods,
                       glyphs: Glyphs = .unicode) -> Rendered {
        var view = ViewState()
        view.panel = panel
        let input = ViewInput(state: Frames.state(seed, at: seconds), view: view, session: Frames.session, playback: .live,
                              now: Frames.base.adding(seconds: seconds), glyphs: glyphs)
        return RolloutView().render(input, width: width, height: height)
    }

    /// While the race is open (4.5 s), three of its refused requests have been logged by then.
    @Test func theRacingPodsErrorsLaneAndCounts() throws {
        let screen = Self.render(at: 4.5, width: 120, height: 40).screen
        let text = screen.characterPlane
        #expect(text.contains(TrafficScenarios.newPod) && text.contains("traffic-before-ready"), "\(text)")
        let errors = try #require((0..<screen.height).map(screen.line).first { $0.contains("errors ") }, "an errors lane:\n\(text)")
        #expect(errors.contains("░"), "failed seconds are marked:\n\(errors)")
        // The detail pane's words, wrapped to its width: the text report's sentence.
        #expect(text.contains("3 requests failed during this window: 503") && text.contains("   UF,URX×3"), "\(text)")
        #expect(screen.line(0).contains("✕ 3 failed/1m"), "\(screen.line(0))")
        Snapshot.check(screen, "traffic-120x40")
    }

    @Test func findingsListCountsAndUnexplainedRows() {
        let rendered = Self.render(at: 9.5, width: 80, height: 24, panel: .findings)
        let text = rendered.screen.characterPlane
        #expect(text.contains("FINDINGS (2) + 1 UNEXPLAINED"), "\(text)")
        #expect(text.contains("4 of 4 failed: 503 UF,URX×4"), "\(text)")
        #expect(text.contains("unexplained failures") && text.contains(TrafficScenarios.healthyPod), "\(text)")
        // The gateway's view of it (503 URX,UF) is what the client got.
        #expect(text.contains("1 failed: 503 UF,URX×1"), "\(text)")
        // ⏎ on the unexplained row opens the healthy pod.
        #expect(rendered.findingPods.count == 3 && rendered.findingPods.last! != nil, "\(rendered.findingPods)")
        Snapshot.check(rendered.screen, "traffic-findings-80x24")
    }

    @Test func asciiWithoutColourStillReadsTheErrors() {
        let screen = Self.render(at: 4.5, width: 120, height: 40, glyphs: .ascii).screen
        let text = screen.characterPlane
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        let errors = (0..<screen.height).map(screen.line).first { $0.contains("errors ") } ?? ""
        #expect(errors.contains("."), "the ASCII shade marks failed seconds:\n\(text)")
        #expect(screen.line(0).contains("x 3 failed/1m"), "\(screen.line(0))")
        Snapshot.check(screen, "traffic-ascii-120x40")
    }

    /// Frames drawn by a kept view (its caches) equal fresh ones as logs arrive. The
    /// findings list's unexplained rows are redone once the view's clock reaches another
    /// second (`UnexplainedCache`): drawn within a second they may lag, so the list is
    /// compared a second on, after a frame at the input's own time has used the cache.
    @Test func aKeptViewDrawsWhatAFreshOneDraws() {
        let kept = RolloutView()
        var state = RolloutState()
        func frame(_ view: RolloutView, _ panel: ViewState.Panel, at now: Timestamp) -> String {
            var viewState = ViewState()
            viewState.panel = panel
            let input = ViewInput(state: state, view: viewState, session: Frames.session, playback: .live, now: now)
            return view.render(input, width: 120, height: 40).screen.characterPlane
        }
        for input in Self.seed.scenario.inputs(base: Frames.base) {
            state.ingest(input)
            #expect(frame(kept, .pods, at: input.time) == frame(RolloutView(), .pods, at: input.time), "after input \(state.inputCount)")
            _ = frame(kept, .findings, at: input.time)
            let nextSecond = Timestamp(microseconds: (TrafficLedger.second(input.time) + 1) * 1_000_000)
            #expect(frame(kept, .findings, at: nextSecond) == frame(RolloutView(), .findings, at: nextSecond), "after input \(state.inputCount)")
        }
    }
}
