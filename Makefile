# Two commands set up and use linli on a fresh Debian machine with the Swift toolchain:
#   make run    builds linli and starts the REPL on the embedded SQLite store
#   make test   runs the whole test suite (swift test), the store tests on SQLite and on a
#               throwaway PostgreSQL cluster (scripts/postgres-test-cluster), then three linli
#               servers on that cluster under load (scripts/multi-server-test), then two deadline
#               timers over a simulated week, one killed (scripts/deadline-servers-test), then
#               50 members claiming a task's last 10 places through two servers
#               (scripts/task-servers-test), a resident's photos sent through one server and
#               served by another (scripts/media-servers-test), then the console in headless Chromium (scripts/console-browser-test); the cluster is
#               stopped afterwards; every Open311 answer the tests received is checked against
#               the Open311 project's schemas (scripts/open311-validate), and schemathesis runs
#               over linli's Swagger copy against a live server (scripts/open311-schemathesis)
.PHONY: run test build release bench deps test-deps

# Extra arguments for swift test (a --filter, a --scratch-path).
SWIFT_TEST_FLAGS ?=

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

build: deps
	swift build

release: deps
	swift build -c release

run: build
	swift run linli repl --config linli.example.yaml

test: test-deps
	@url=$$(scripts/postgres-test-cluster start) || exit 1; \
	echo "make test: PostgreSQL test cluster at $$url"; \
	answers=$$(mktemp -d); \
	LINLI_OPEN311_RESPONSES="$$answers" LINLI_TEST_POSTGRES_URL="$$url" swift test $(SWIFT_TEST_FLAGS); status=$$?; \
	if [ $$status -eq 0 ]; then \
	  scripts/open311-validate "$$answers" $(if $(SWIFT_TEST_FLAGS),--allow-empty,); status=$$?; \
	fi; \
	rm -rf "$$answers"; \
	if [ $$status -eq 0 ]; then \
	  scripts/open311-schemathesis; status=$$?; \
	fi; \
	if [ $$status -eq 0 ]; then \
	  LINLI_TEST_POSTGRES_URL="$$url" scripts/multi-server-test --servers 3 --users 60 --outage; status=$$?; \
	fi; \
	if [ $$status -eq 0 ]; then \
	  LINLI_TEST_POSTGRES_URL="$$url" scripts/deadline-servers-test --requests 200; status=$$?; \
	fi; \
	if [ $$status -eq 0 ]; then \
	  LINLI_TEST_POSTGRES_URL="$$url" scripts/task-servers-test --members 50 --places 10; status=$$?; \
	fi; \
	if [ $$status -eq 0 ]; then \
	  LINLI_TEST_POSTGRES_URL="$$url" scripts/media-servers-test --photos 3; status=$$?; \
	fi; \
	if [ $$status -eq 0 ]; then \
	  scripts/console-browser-test; status=$$?; \
	fi; \
	scripts/postgres-test-cluster stop; \
	exit $$status

bench: release
	.build/release/linli nlu bench
