# rollwatch — the two commands of the README's quick start are `make run` and `make test`.
SWIFT ?= swift

.PHONY: deps build run test test-fast bench load traffic-load soak dist fuzz demo-recording clean

deps:
	@.ci/install-deps

build: deps
	$(SWIFT) build

run: build
	@.ci/sample-run

# Everything, then the end-to-end suite again with kubectl per request (--transport exec):
# every end-to-end test passes on both transports. First the end-to-end tests that run with
# nothing beside them (EndToEndAlone: fuzz build, load run, soak, stalled and slow links, and
# the windows that hang on watches resumed within a second), one at a time; then everything
# else, the end-to-end suites in two lanes (EndToEnd, EndToEndSecondLane). Not again on exec:
# StalledLinkTests (its far side, behind sshd, never sees ROLLWATCH_TRANSPORT), SoakTests (50 s,
# once is its measure), the fuzz smoke, and ProxySocketTests (the proxy is their subject).
test: deps
	$(SWIFT) build
	$(SWIFT) test --filter EndToEndAlone
	$(SWIFT) test --skip EndToEndAlone
	ROLLWATCH_TRANSPORT=exec $(SWIFT) test --filter 'LoadTests|ReportEndToEndTests|KubectlFailureTests'
	ROLLWATCH_TRANSPORT=exec $(SWIFT) test --filter EndToEndTests --skip EndToEndAlone --skip ProxySocketTests

# The fast lane: every test target but EndToEndTests (unit and scenario tests, render
# snapshots, report golden files) — no tmux, kubectl, stand-in or fuzzer. `make test` runs both lanes.
test-fast: deps
	$(SWIFT) test --skip '^EndToEndTests\.'

# The figures of SPEC §8 on this machine (README, "Performance"). BENCH_LONG=1 adds the 10x stream.
bench: deps
	.ci/bench

# Issue 7's load run: 10,000 pods, 1,000 watch events a second (LOAD_PODS, LOAD_RATE, LOAD_SECONDS).
load: deps
	.ci/load

# Issue 15's bounds: 1,000 access-log lines a second over 50 proxies' logs, rollwatch's CPU and
# memory with its kubectl (TRAFFIC_RATE, TRAFFIC_PODS, TRAFFIC_SECONDS, TRAFFIC_TRANSPORT=exec).
traffic-load: deps
	.ci/traffic-load

# Issue 17's soak: the release view, recording, through a rollout of 2,000 pods every 5 minutes,
# 50 changes a second, watches ended every 60 s and a 410 every 10 minutes, for SOAK_MINUTES;
# prints RSS slope, descriptors, threads, CPU and the final report against the server, each
# beside its bound. The suite runs a ~50 s edition of the same test (SoakTests).
SOAK_MINUTES ?= 60
soak: deps
	$(SWIFT) build -c release --product rollwatch
	ROLLWATCH_BIN=$(CURDIR)/.build/release/rollwatch ROLLWATCH_SOAK_MINUTES=$(SOAK_MINUTES) $(SWIFT) test --filter SoakTests

# A libFuzzer campaign, FUZZ_SECONDS per target (the suite runs 5 s of it).
FUZZ_SECONDS ?= 600
fuzz: deps
	.ci/fuzz $(FUZZ_SECONDS)

# One static, stripped binary for a bastion host: dist/rollwatch.
dist: deps
	.ci/dist

# Records the built-in demo again (every seed through the stand-in and the real kubectl)
# into Sources/DemoRecording/demo.jsonl, which the next build embeds.
demo-recording: build
	ROLLWATCH_REGENERATE_DEMO=1 $(SWIFT) test --filter regenerateTheBuiltInDemoRecording

clean:
	rm -rf .build
