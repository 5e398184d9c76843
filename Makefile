# Two commands set up and use linli on a fresh Debian machine with the Swift toolchain:
#   make run    builds linli and starts the REPL on the embedded SQLite store
#   make test   runs the whole test suite (swift test)
.PHONY: run test build release bench deps

deps:
	@scripts/install-deps

build: deps
	swift build

release: deps
	swift build -c release

run: build
	swift run linli repl --config linli.example.yaml

test: deps
	swift test

bench: release
	.build/release/linli nlu bench
