#!/usr/bin/env bash
# Property-based tests of the REST API with schemathesis (installed by the bootstrap
# under .tools/schemathesis): it reads /api/v1/openapi.json and sends generated requests,
# valid and invalid, to every operation, checking that no answer is a server error and
# that every answer matches the schema the document promises.
#
# Runs the debug server (target/debug/server, built by `cargo leptos build` or
# `cargo build -p server`) on its own port and a throw-away SQLite database, with the
# demo extensions, a .us definition and an API key made through the operator CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${API_FUZZ_PORT:-3200}"
DIR=target/api-fuzz
BASE="http://127.0.0.1:${PORT}"
rm -rf "$DIR" && mkdir -p "$DIR"

export DATABASE_URL="sqlite://${DIR}/regdocs.db?mode=rwc"
export REGDOCS_DATA_DIR="$DIR"
export REGDOCS_PUBLIC_URL="$BASE"
export LEPTOS_SITE_ADDR="127.0.0.1:${PORT}"
export LEPTOS_SITE_ROOT=target/site
export RUST_LOG="${RUST_LOG:-warn}"
export REGDOCS_ADMIN_PASSWORD="api fuzz admin passphrase"

target/debug/server admin create --email fuzz@api.test --name "API Fuzz" >/dev/null
KEY="$(target/debug/server api-key create --admin fuzz@api.test --name schemathesis --rate 6000)"

target/debug/server >"$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "$BASE/health" >/dev/null 2>&1 && break
  sleep 0.5
done

# Something to read: a customer and an order of each kind.
auth=(-H "Authorization: Bearer ${KEY}" -H "content-type: application/json")
curl -fsS -X PUT "${auth[@]}" -d '{"name":"Fuzz Customer","email":"fuzz.customer@example.com"}' \
  "$BASE/api/v1/customers/fuzz-1" >/dev/null
curl -fsS -X POST "${auth[@]}" -d '{"customer":"fuzz-1","external_id":"fuzz-inv-1","domain":"fuzz-one.av.tr"}' \
  "$BASE/api/v1/orders" >/dev/null
curl -fsS -X POST "${auth[@]}" -d '{"customer":"fuzz-1","external_id":"fuzz-inv-2","domain":"fuzz-two.com","operation":"transfer"}' \
  "$BASE/api/v1/orders" >/dev/null

# Path parameters name what exists, so generated requests reach the handlers' logic
# (bodies and queries are still generated, valid and invalid).
cat >"$DIR/schemathesis.toml" <<'TOML'
[parameters]
"path.external_id" = "fuzz-1"
"path.id" = 1
"path.name" = "av.tr"
TOML

PYTHONPATH=.tools/schemathesis python3 -m schemathesis.cli --config-file "$DIR/schemathesis.toml" \
  run "$BASE/api/v1/openapi.json" \
  --header "Authorization: Bearer ${KEY}" \
  --checks not_a_server_error,response_schema_conformance,content_type_conformance \
  --max-examples "${API_FUZZ_EXAMPLES:-40}" \
  --workers 2 \
  --seed "${API_FUZZ_SEED:-20261129}" \
  --request-timeout 10 \
  --generation-database none \
  --no-color
