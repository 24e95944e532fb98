#!/usr/bin/env bash
# `make load`: the scale-out run of docs/scale.md. Two regdocs servers (release build)
# on one Postgres database and one S3-compatible store (moto's server mode, from the
# bootstrap), on loopback only; customers uploading at once and event-stream clients,
# half of the requests to each server; one server killed (SIGKILL) mid-run. Prints what
# the clients saw and whether any acknowledged document was lost, changed or stored twice
# (every document downloaded back and checked by SHA-256), and each server's peak memory.
# Bounded in time; stops everything it started. Nothing passes or fails on a time.
#
# Sizes (environment): LOAD_CUSTOMERS (200), LOAD_STREAMS (1000), LOAD_SECS (60),
# LOAD_KILL_AFTER (30), LOAD_UPLOAD_KB (32), LOAD_UPLOADS (20 per customer).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

CUSTOMERS=${LOAD_CUSTOMERS:-200}
STREAMS=${LOAD_STREAMS:-1000}
SECS=${LOAD_SECS:-60}
KILL_AFTER=${LOAD_KILL_AFTER:-30}
UPLOAD_KB=${LOAD_UPLOAD_KB:-32}
UPLOADS=${LOAD_UPLOADS:-20}
PG=${LOAD_PG:-postgres://postgres@127.0.0.1:5432}
DB=regdocs_load
WORK=target/load
PASSWORD="load run passphrase"
S3_PORT=3950
PORTS=(3951 3952)
BUCKET=regdocs-load

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
sql() { psql "$PG/$DB" -v ON_ERROR_STOP=1 -qtA "$@"; }

ulimit -n "$(ulimit -Hn)"

say "building (release) and the load client"
cargo leptos build --release --split --precompress
cargo build --release -p bench
BENCH=target/release/regdocs-bench

say "machine"
echo "  $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(psql "$PG/postgres" -tAc 'select version()' | cut -d, -f1)"

rm -rf "$WORK" && mkdir -p "$WORK"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

say "an S3-compatible store (moto) on 127.0.0.1:$S3_PORT"
PYTHONPATH=.tools/moto python3 -m moto.server -H 127.0.0.1 -p "$S3_PORT" >"$WORK/s3.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$S3_PORT/" && break; sleep 0.2; done
curl -fs -X PUT -o /dev/null "http://127.0.0.1:$S3_PORT/$BUCKET"

psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
export DATABASE_URL="$PG/$DB" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD RUST_LOG=${RUST_LOG:-warn}
export REGDOCS_STORAGE_URL="s3://$BUCKET/docs" AWS_ACCESS_KEY_ID=load AWS_SECRET_ACCESS_KEY=load-secret
export AWS_REGION=eu-central-1 AWS_ENDPOINT_URL="http://127.0.0.1:$S3_PORT" AWS_ALLOW_HTTP=true
export REGDOCS_MAX_STREAMS_PER_ACCOUNT=1000 REGDOCS_CUSTOMER_QUOTA_MB=100000 REGDOCS_SEED_DEMO=true
export REGDOCS_ADMIN_PASSWORD="$PASSWORD" REGDOCS_DB_MAX_CONNECTIONS=20

target/release/server admin create --email load-admin@load.test --name "Load Admin" >/dev/null
SERVERS=()
BASES=()
for i in 0 1; do
  port=${PORTS[$i]}
  LEPTOS_SITE_ADDR="127.0.0.1:$port" REGDOCS_PUBLIC_URL="http://127.0.0.1:$port" \
    target/release/server >"$WORK/server-$((i + 1)).log" 2>&1 &
  SERVERS+=($!)
  PIDS+=($!)
  BASES+=("http://127.0.0.1:$port")
done
for base in "${BASES[@]}"; do
  for _ in $(seq 1 120); do curl -fs -o /dev/null "$base/health" && break; sleep 0.5; done
  curl -fs -o /dev/null "$base/health" || { cat "$WORK"/server-*.log; exit 1; }
done
echo "  servers: ${BASES[*]} (pids ${SERVERS[*]}), one database, one bucket"

# Customers (the admin's password, confirmed addresses) and a load-only requirement for
# .com: up to 20 PDFs.
sql -c "INSERT INTO users (email, name, password_hash, role, created_at, updated_at, email_verified_at)
        SELECT 'load-' || n || '@load.test', 'Load Customer ' || n, u.password_hash, 'customer', now(), now(), now()
        FROM generate_series(0, $CUSTOMERS - 1) n, (SELECT password_hash FROM users WHERE email = 'load-admin@load.test') u"
sql -c "INSERT INTO requirement_definitions (extension_id, details, items, source, edited_after_import, revision, created_at, updated_at)
        SELECT id, 'Load run only.', '[{\"key\":\"bulk\",\"label\":\"Documents\",\"explanation\":\"\",\"required\":true,\"kind\":\"file\",\"allowed_types\":[\"pdf\"],\"max_size_bytes\":10485760,\"min_files\":1,\"max_files\":20,\"condition\":null}]', 'manual', false, 1, now(), now()
        FROM extensions WHERE name = '.com'"

say "load: $CUSTOMERS customers uploading ${UPLOAD_KB} KB PDFs, $STREAMS event streams, ${SECS} s; server 2 killed at ${KILL_AFTER} s"
$BENCH scale --bases "$(IFS=,; echo "${BASES[*]}")" --pids "$(IFS=,; echo "${SERVERS[*]}")" \
  --customers "$CUSTOMERS" --emails 'load-{n}@load.test' --password "$PASSWORD" \
  --streams "$STREAMS" --secs "$SECS" --kill-after "$KILL_AFTER" --kill 1 \
  --upload-kb "$UPLOAD_KB" --uploads-per-customer "$UPLOADS" --s3 "http://127.0.0.1:$S3_PORT/$BUCKET"

say "the database and the bucket after the run"
echo "  document rows: $(sql -c 'SELECT count(*) FROM documents'); uploads left in staging (in flight on the killed server; the sweeper removes them after an hour): $(curl -fs "http://127.0.0.1:$S3_PORT/$BUCKET?list-type=2&prefix=docs/staging/" | grep -o '<Key>' | wc -l); multipart uploads left open (a bucket lifecycle rule clears them): $(curl -fs "http://127.0.0.1:$S3_PORT/$BUCKET?uploads" | grep -o '<UploadId>' | wc -l)"
echo "  server logs: $WORK/server-1.log, $WORK/server-2.log"

psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
say "done"
