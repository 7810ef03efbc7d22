SHELL := /bin/bash
# ID06 card-order service. `make run` serves the demo; `make test` runs every test on SQLite and on
# a throwaway PostgreSQL. Everything the targets need is installed by the targets themselves.

CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: harness-bin clients run build soak test test-sqlite test-pg test-cluster test-faults lint fmt clippy check-arch openapi openapi-check openapi-lint fuzz bench tools pytools deps ci clean-data

## Serve the API on 127.0.0.1:8080 with an embedded SQLite database and demo data.
run: deps
	CARGO=$(CARGO) scripts/run-demo.sh

build: deps
	$(CARGO) build --workspace --all-targets

## Every test: the architecture fence, then all tests on SQLite, then again on PostgreSQL.
test: deps check-arch test-sqlite test-pg

# Each leg's servers log every answer's status (ID06_STATUS_LOG); scripts/check_statuses.py then
# fails on any status an operation answered that the contract does not document for it.
test-sqlite: deps pytools
	mkdir -p target/statuses && rm -f target/statuses/sqlite.log
	ID06_STATUS_LOG=$(CURDIR)/target/statuses/sqlite.log $(CARGO) test --workspace --all-targets --no-fail-fast
	python3 scripts/check_statuses.py openapi/openapi.json target/statuses/sqlite.log

# The PostgreSQL leg writes target/pg-leg.ok only when it ran and passed; .ci/run checks it.
# The whole workspace again (the pure tests take seconds): selecting packages would unify
# features differently and rebuild half the dependencies.
test-pg: deps pytools
	rm -f target/pg-leg.ok
	mkdir -p target/statuses && rm -f target/statuses/postgres.log
	scripts/with-postgres.sh env ID06_TEST_EXPECT_BACKEND=postgres \
		ID06_STATUS_LOG=$(CURDIR)/target/statuses/postgres.log \
		$(CARGO) test --workspace --all-targets --no-fail-fast
	python3 scripts/check_statuses.py openapi/openapi.json target/statuses/postgres.log
	touch target/pg-leg.ok

# The cluster, fault, fuzz and client stages run the id06-demo binary (the service with the demo
# data and the BankID double) that `make test` has already built: one build serves every stage
# (`cargo build --workspace --bins` resolves features as the tests do, so after `make test` it
# compiles nothing). `make bench` measures the release build.
HARNESS_BIN := target/debug/id06-demo
harness-bin: deps
	$(CARGO) build --workspace --bins

## Two instances of the service on one throwaway PostgreSQL behind HAProxy (installed when
## missing): sessions, throttling, idempotency, one winner, exactly-once workers, a rolling
## restart under load (scripts/test_cluster.py).
test-cluster: harness-bin
	scripts/deps.sh haproxy
	scripts/with-postgres.sh env ID06_BIN=$(HARNESS_BIN) python3 scripts/test_cluster.py

## kill -9 under load, PostgreSQL stopped and started, the webhook receiver and the BankID double
## down and back (scripts/test_faults.py); SMTP and the SMS gateway down and back (the Rust tests
## on loopback servers).
test-faults: harness-bin pytools
	scripts/with-postgres.sh env ID06_BIN=$(HARNESS_BIN) python3 scripts/test_faults.py
	$(CARGO) test -p id06-tests --test api -- smtp::an_smtp_outage sms_gateway::a_gateway_outage

lint: fmt clippy

fmt:
	$(CARGO) fmt --all -- --check

clippy: deps
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## domain is pure rules: it must not depend on diesel, actix, utoipa, r2d2 or tokio. The
## application crate (`app`: use cases, principal, journal, outbox, workers) must not depend on
## the HTTP framework or the contract generator: actix-*, utoipa*, or the `api` crate itself.
## The service (`api`, the id06-api binary) must not depend on `id06-devkit` (demo, BankID double).
check-arch:
	@if $(CARGO) tree -p domain -e normal --prefix none | grep -E '^(diesel|actix|utoipa|r2d2|tokio|persistence|app|api) ' ; then \
		echo "check-arch: domain depends on I/O or framework crates (above)"; exit 1; \
	else echo "check-arch: domain is pure"; fi
	@if $(CARGO) tree -p app -e normal --prefix none | grep -E '^(actix[a-z_-]*|utoipa[a-z_-]*|api) ' ; then \
		echo "check-arch: the application crate depends on the HTTP framework or the contract generator (above)"; exit 1; \
	else echo "check-arch: the application crate is free of HTTP"; fi
	@if $(CARGO) tree -p api -e normal --prefix none | grep -E '^id06-devkit ' ; then \
		echo "check-arch: the service (api, id06-api) depends on the demo/test kit (above)"; exit 1; \
	else echo "check-arch: the service links no demo data, BankID double or bench tool"; fi

## Regenerate the committed contract from the code.
openapi:
	mkdir -p target && $(CARGO) run -q --bin id06-openapi > target/openapi.json.new
	mv target/openapi.json.new openapi/openapi.json

openapi-check:
	$(CARGO) run -q --bin id06-openapi | diff -u openapi/openapi.json - && echo "openapi.json is current"

## The committed contract passes openapi-spec-validator, Redocly (rules in openapi/redocly.yaml) and
## Spectral with the OWASP API Security ruleset (openapi/.spectral.yaml) with no errors.
openapi-lint: tools
	target/tools/venv/bin/openapi-spec-validator openapi/openapi.json
	cd openapi && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1 \
		../target/tools/node/node_modules/.bin/redocly lint openapi.json --config redocly.yaml --format=stylish 2>&1 \
		| grep -v -e '[║╔╚]' -e '^ *$$'; exit $${PIPESTATUS[0]}
	# The ruleset is resolved next to the installed rulesets, so both files are linted from there.
	cp openapi/openapi.json openapi/.spectral.yaml target/tools/node/
	cd target/tools/node && node_modules/.bin/spectral lint openapi.json --ruleset .spectral.yaml \
		--fail-severity error --display-only-failures

## Schemathesis (pinned, every check and phase, two cardholders as peers) against the real server
## on a fresh demo database; FUZZ_EXAMPLES (default 50) and FUZZ_SEED (default 1) tune it. Then the
## generated-client checks (`make clients`): both are about clients nobody on the team wrote.
fuzz: harness-bin tools
	ID06_BIN=$(HARNESS_BIN) python3 scripts/fuzz.py
	ID06_BIN=$(HARNESS_BIN) target/tools/venv/bin/python scripts/clients.py

## Generated clients work with the contract as it is: a Python client (openapi-python-client)
## walks the cardholder's flow against the real server; TypeScript types (openapi-typescript)
## compile with tsc --strict against clients/typescript/check.ts.
clients: harness-bin tools
	ID06_BIN=$(HARNESS_BIN) target/tools/venv/bin/python scripts/clients.py

## Throughput and latency as ratios measured in one run (release build, wrk, 64 connections).
## DB=postgres runs it on a throwaway PostgreSQL. Not run by CI (too noisy).
DB ?= sqlite
bench: deps
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(CARGO) build --release --bin id06-api --bin id06-demo --bin id06-bench
ifeq ($(DB),postgres)
	scripts/deps.sh haproxy
	BENCH_DB=postgres scripts/with-postgres.sh python3 scripts/bench.py
else
	BENCH_DB=sqlite python3 scripts/bench.py
endif
	python3 scripts/soak.py

## A million anonymous requests from distinct addresses (every other one a new IPv6 /64): RSS
## before and after (growth <= 32 MB) and /health/live p99 during it (scripts/soak.py).
soak: deps
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(CARGO) build --release --bin id06-api
	python3 scripts/soak.py

## Pinned Python and Node tools under target/tools (installed when missing). The tests need only
## the Python ones (the SMTP server the email tests start).
tools:
	@scripts/tools.sh --node

pytools:
	@scripts/tools.sh

## System libraries the build links (present on this machine kind; installed when missing).
deps:
	@scripts/deps.sh

ci: lint openapi-lint test test-cluster test-faults fuzz

clean-data:
	rm -rf data
