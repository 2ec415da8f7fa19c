import KubeModel
import RolloutCore
import RolloutUI
import Testing
import TestSupport

@Suite struct RenderSnapshotTests {
    @Test func rolloutInProgressAt80x24And120x40() {
        let seed = SeedScenarios.trafficBeforeReady
        Snapshot.check(Frames.render(seed, at: 3, width: 80, height: 24).screen, "rollout-80x24")
        Snapshot.check(Frames.render(seed, at: 3, width: 120, height: 40).screen, "rollout-120x40")
    }

    /// Each seed's hazard, with its pod selected (the selection follows the worst
    /// open hazard until the user moves it), wide layout with the detail beside.
    @Test(arguments: [
        (SeedScenarios.trafficBeforeReady, 3.0, "traffic-before-ready"),
        (SeedScenarios.sidecarNotReady, 3.0, "sidecar-not-ready"),
        (SeedScenarios.vaultInitBlocked, 1.0, "init-blocked-by-mesh"),
        (SeedScenarios.rolloutRestartOnGKE, 7.0, "neg-gate-without-health-check"),
    ])
    func eachHazardSelected(seed: SeedScenario, at seconds: Double, rule: String) {
        let rendered = Frames.render(seed, at: seconds, width: 120, height: 40)
        let text = rendered.screen.characterPlane
        #expect(text.contains(rule), "\(rule) is named on screen")
        #expect(text.contains("Fix:"), "the remedy is on screen")
        Snapshot.check(rendered.screen, "hazard-\(rule)")
    }

    @Test func aCriticalRowStandsOutByGlyphWithoutColour() {
        let rendered = Frames.render(SeedScenarios.trafficBeforeReady, at: 3, width: 80, height: 24, glyphs: .ascii)
        let row = (0..<24).map(rendered.screen.line).first { $0.contains("microservice-b") && $0.hasPrefix("!!") }
        #expect(row != nil, "the hazardous row starts with !! in ASCII:\n\(rendered.screen.characterPlane)")
        #expect(rendered.screen.characterPlane.unicodeScalars.allSatisfy { $0.isASCII }, "ASCII mode draws only ASCII")
        Snapshot.check(rendered.screen, "ascii-80x24")
    }

    @Test func helpFilterAndFindings() {
        let seed = SeedScenarios.rolloutRestartOnGKE
        var help = ViewState()
        help.showHelp = true
        Snapshot.check(Frames.render(seed, at: 7, width: 80, height: 24, view: help).screen, "help-80x24")

        var filter = ViewState()
        filter.filter = "bbb"
        filter.editingFilter = true
        let filtered = Frames.render(seed, at: 7, width: 80, height: 24, view: filter)
        #expect(!filtered.screen.characterPlane.contains("checkout-aaa-1"), "the filter hides the old pod")
        Snapshot.check(filtered.screen, "filter-80x24")

        var findings = ViewState()
        findings.panel = .findings
        Snapshot.check(Frames.render(seed, at: 7, width: 80, height: 24, view: findings).screen, "findings-80x24")
    }

    @Test func replayHeaderAndTooSmall() {
        let seed = SeedScenarios.sidecarNotReady
        let paused = Frames.render(seed, at: 2, width: 100, height: 30, playback: .paused(speed: 4, progress: 0.25))
        #expect(paused.screen.line(0).contains("PAUSED 25%"))
        Snapshot.check(paused.screen, "replay-paused-100x30")
        let small = Frames.render(seed, at: 2, width: 50, height: 12)
        #expect(small.screen.characterPlane.contains("needs at least 60×16"))
        Snapshot.check(small.screen, "too-small-50x12")
    }

    @Test func clusterStringsCannotReachTheTerminal() {
        var seed = SeedScenarios.trafficBeforeReady
        seed.scenario.initial.append(Objects.pod("evil\u{1B}]2;pwned\u{07}\u{1B}[2J\u{9B}31m\u{202E}name", replicaSet: "checkout-bbb",
                                                 labels: ["app": "checkout"]))
        let screen = Frames.render(seed, at: 3, width: 120, height: 40).screen
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                let scalar = screen[x, y].character.unicodeScalars.first!.value
                #expect(scalar >= 0x20 && !(0x7F...0x9F).contains(scalar) && scalar != 0x202E, "control character at \(x),\(y)")
            }
        }
        #expect(screen.characterPlane.contains("evil"))
    }
}

/// The view keeps rows between frames and rebuilds only pods that changed; every
/// frame must still be exactly what a fresh view draws from the same input.
@Suite struct RowCacheTests {
    /// A frame as text: characters, then one letter per cell for its role (short failure messages).
    private func frame(_ view: RolloutView, _ state: RolloutState, now: Timestamp, width: Int = 120, height: Int = 40,
                       glyphs: Glyphs = .unicode) -> String {
        let input = ViewInput(state: state, view: ViewState(), session: Frames.session, playback: .live, now: now, glyphs: glyphs)
        let screen = view.render(input, width: width, height: height).screen
        return screen.characterPlane + "\n" + screen.rolePlane(Snapshot.legend)
    }

    @Test(arguments: SeedScenarios.all)
    func eachFrameOfAKeptViewEqualsAFreshOne(seed: SeedScenario) {
        let kept = RolloutView()
        var state = RolloutState()
        var states: [(RolloutState, Timestamp)] = []
        for input in seed.scenario.inputs(base: Frames.base) {
            state.ingest(input)
            states.append((state, input.time))
            #expect(frame(kept, state, now: input.time) == frame(RolloutView(), state, now: input.time),
                    "after input \(state.inputCount) of \(seed)")
        }
        // A replay seeking back hands the view an older state of the same history,
        // then another history altogether, then other glyphs.
        for (older, time) in states.reversed() {
            #expect(frame(kept, older, now: time) == frame(RolloutView(), older, now: time), "back at input \(older.inputCount)")
        }
        let other = Frames.state(SeedScenarios.trafficBeforeReady, at: 3)
        #expect(frame(kept, other, now: Frames.base.adding(seconds: 3)) == frame(RolloutView(), other, now: Frames.base.adding(seconds: 3)))
        #expect(frame(kept, other, now: Frames.base, glyphs: .ascii) == frame(RolloutView(), other, now: Frames.base, glyphs: .ascii))
    }
}
