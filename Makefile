# rollwatch — the two commands of the README's quick start are `make run` and `make test`.
SWIFT ?= swift

.PHONY: deps build run test themes demo-recording clean

deps:
	@.ci/install-deps

build: deps
	$(SWIFT) build

run: build
	@.ci/sample-run

test: deps
	$(SWIFT) build
	$(SWIFT) test

demo-recording: build
	ROLLWATCH_REGENERATE_DEMO=1 $(SWIFT) test --filter regenerateTheBuiltInDemoRecording

themes:
	.ci/embed-themes

clean:
	rm -rf .build
