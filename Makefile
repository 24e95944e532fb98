# The two commands of README.md are `make run` and `make test`; the other targets are
# their parts, for running one kind of test alone.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test bootstrap fmt lint unit e2e api-fuzz dev bench bench-smoke load

## Build (release) and serve at http://127.0.0.1:3000 on SQLite under ./data/.
## The browser code is split (admin pages load only for admins), its files carry content
## hashes and are precompressed (brotli, gzip) at build time.
run: bootstrap
	cargo leptos serve --release --split --precompress

## Everything CI checks: formatting, lints, unit + integration tests (SQLite and
## Postgres), then the end-to-end tests in Chromium.
test: bootstrap fmt lint unit e2e api-fuzz

bootstrap:
	@scripts/bootstrap.sh

fmt:
	cargo fmt --all --check

# Per package, with explicit features: a workspace-wide build would merge ssr and hydrate.
lint:
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p migrations --all-targets -- -D warnings
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p bench -- -D warnings

# The server's integration tests run one at a time: each starts a whole server on its
# own tokio runtime, and Leptos' task spawner is process-wide, so concurrent tests could
# leave a render waiting on a task of a runtime that another test already shut down
# (one such hang seen in a CI run; never in a single-runtime server).
unit:
	cargo test -p app --features ssr
	cargo test -p migrations
	cargo test -p server -- --test-threads=1

e2e:
	cargo leptos build --split
	cd end2end && npx playwright test

## Property-based tests of the REST API (schemathesis against /api/v1/openapi.json):
## no answer is a server error, every answer matches the document. Uses the debug
## server that `make e2e` built.
api-fuzz:
	test -x target/debug/server || cargo leptos build --split
	scripts/api_fuzz.sh

## Development: rebuild and reload on every change.
dev: bootstrap
	cargo leptos watch

## Performance figures (docs/performance.md), each next to a reference measured in the
## same run: bundle, pages, event fan-out, upload, the queue at a million orders. Needs
## Postgres; takes ~30 min (the release build, then ~10 min of measuring).
bench: bootstrap
	scripts/bench.sh

## The same with small sizes (a few minutes after the release build).
bench-smoke: bootstrap
	BENCH_STREAMS=500 BENCH_ORDERS=20000 BENCH_DOCS_PER_ORDER=2 BENCH_UPLOAD_MB=20 BENCH_SECS=2 scripts/bench.sh

## Scale-out (docs/scale.md): two servers on one Postgres and one S3-compatible store,
## customers uploading and event streams, one server killed mid-run; ~15 min with the
## release build, then about two minutes of load.
load: bootstrap
	scripts/load.sh
