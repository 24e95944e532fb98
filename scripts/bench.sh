#!/usr/bin/env bash
# `make bench`: the performance figures of docs/performance.md, each printed next to a
# reference measured in the same run on this machine. Nothing here passes or fails on a
# time; a step that cannot run stops the script.
#
# Parts: bundle (a real Chromium), pages (requests per second), upload (a large file; before
# the fan-out, whose freed memory would hide the upload's growth), fan-out (event
# streams), queue (a million orders on Postgres).
#
# Sizes (environment): BENCH_STREAMS (10000), BENCH_ORDERS (1000000), BENCH_DOCS_PER_ORDER
# (10), BENCH_UPLOAD_MB (200), BENCH_SECS (5 per page load run); BENCH_PARTS picks parts
# ("bundle pages upload fanout queue", the default). `make bench-smoke` runs every part
# with small sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

STREAMS=${BENCH_STREAMS:-10000}
ORDERS=${BENCH_ORDERS:-1000000}
DOCS_PER_ORDER=${BENCH_DOCS_PER_ORDER:-10}
UPLOAD_MB=${BENCH_UPLOAD_MB:-200}
SECS=${BENCH_SECS:-5}
PORT=${BENCH_PORT:-3900}
BASE="http://127.0.0.1:$PORT"
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB=regdocs_bench
WORK=target/bench
PASSWORD="bench passphrase for admins"

PARTS=${BENCH_PARTS:-bundle pages upload fanout queue}
part() { [[ " $PARTS " == *" $1 "* ]]; }
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
sql() { psql "$PG/$DB" -v ON_ERROR_STOP=1 -qtA "$@"; }

# Thousands of streams need thousands of descriptors, in the server and in the client.
ulimit -n "$(ulimit -Hn)"
if (( $(ulimit -n) < STREAMS + 1000 )); then
  echo "bench: the descriptor limit ($(ulimit -n)) is below $STREAMS streams; lower BENCH_STREAMS" >&2
  exit 1
fi

say "building (release, split, precompressed) and the bench client"
cargo leptos build --release --split --precompress
cargo build --release -p bench
BENCH=target/release/regdocs-bench

say "machine"
echo "  $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(psql "$PG/postgres" -tAc 'select version()' | cut -d, -f1)"

rm -rf "$WORK" && mkdir -p "$WORK/data"
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
export DATABASE_URL="$PG/$DB"
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD
export REGDOCS_DATA_DIR="$WORK/data" REGDOCS_PUBLIC_URL="$BASE" RUST_LOG=${RUST_LOG:-warn}
export REGDOCS_MAX_STREAMS_PER_ACCOUNT=100000 REGDOCS_MAX_UPLOAD_MB=$((UPLOAD_MB + 16))
export REGDOCS_CUSTOMER_QUOTA_MB=$((UPLOAD_MB * 4)) REGDOCS_SEED_DEMO=true
export REGDOCS_ADMIN_PASSWORD="$PASSWORD"

target/release/server admin create --email bench-admin@bench.test --name "Bench Admin" >/dev/null
target/release/server >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "$BASE/health" >/dev/null && break; sleep 0.5; done
curl -fs "$BASE/health" >/dev/null || { cat "$WORK/server.log"; exit 1; }

# A customer (the admin's password, a confirmed address) and a bench-only requirement
# for .com: one PDF of up to the upload size.
sql -c "INSERT INTO users (email, name, password_hash, role, created_at, updated_at, email_verified_at)
        SELECT 'bench-customer@bench.test', 'Bench Customer', password_hash, 'customer', now(), now(), now()
        FROM users WHERE email = 'bench-admin@bench.test'"
sql -c "INSERT INTO requirement_definitions (extension_id, details, items, source, edited_after_import, revision, created_at, updated_at)
        SELECT id, 'Bench only.', '[{\"key\":\"bulk\",\"label\":\"A large document\",\"explanation\":\"\",\"required\":true,\"kind\":\"file\",\"allowed_types\":[\"pdf\"],\"max_size_bytes\":$(( (UPLOAD_MB + 8) * 1048576 )),\"min_files\":1,\"max_files\":1,\"condition\":null}]', 'manual', false, 1, now(), now()
        FROM extensions WHERE name = '.com'"
ADMIN=$($BENCH --base "$BASE" login --email bench-admin@bench.test --password "$PASSWORD")
CUSTOMER=$($BENCH --base "$BASE" login --email bench-customer@bench.test --password "$PASSWORD")
ORDER=$($BENCH --base "$BASE" place --cookie "$CUSTOMER" --domain bench-order.com)
for n in 1 2; do $BENCH --base "$BASE" place --cookie "$CUSTOMER" --domain "bench-fanout-$n.com" >/dev/null; done

if part bundle; then
say "bundle"
node end2end/bench/bundle.cjs "$BASE" "$CUSTOMER" "/orders/$ORDER" "$ADMIN"
fi

if part pages; then
say "pages"
$BENCH --base "$BASE" pages --cookie "$CUSTOMER" --order-path "/orders/$ORDER" --secs "$SECS"
fi

if part upload; then
say "upload"
sync
DD=$( { dd if=/dev/zero of="$WORK/data/dd.bin" bs=1M count="$UPLOAD_MB" conv=fdatasync 2>&1 >/dev/null; } | tail -1)
rm -f "$WORK/data/dd.bin"
echo "  reference: dd … conv=fdatasync:  $(echo "$DD" | awk -F, '{print $NF}' | xargs) ($UPLOAD_MB MB, same disk)"
# Every document's SHA-256 is kept: the hash's own speed on this CPU bounds the route.
SHA=$(openssl speed -evp sha256 -bytes 1048576 -seconds 1 2>/dev/null | awk '/^sha256/ {sub("k", "", $2); printf "%.0f MB/s", $2 / 1000}')
echo "  reference: SHA-256 alone (openssl, 1 MB blocks): $SHA"
$BENCH --base "$BASE" upload --cookie "$CUSTOMER" --path "/api/orders/$ORDER/items/bulk/documents" --megabytes "$UPLOAD_MB" --server-pid "$SERVER"
fi

if part fanout; then
say "fan-out"
# The change: an order of the customer is submitted (the badge of every admin changes),
# committed and announced the way the server does it.
CHANGE="psql '$PG/$DB' -qtA -c \"WITH o AS (UPDATE orders SET status = 'under_review', submitted_at = now()
  WHERE id = (SELECT id FROM orders WHERE status = 'awaiting_documents' AND domain LIKE 'bench-fanout-%' LIMIT 1)
  RETURNING id, customer_id) SELECT pg_notify('regdocs_events', 'order:' || id || ':' || customer_id) FROM o\" >/dev/null"
$BENCH --base "$BASE" fanout --cookies "$ADMIN" --streams "$STREAMS" --server-pid "$SERVER" --change "$CHANGE"
fi

if part queue; then
say "queue at scale: generating $ORDERS orders and $((ORDERS * DOCS_PER_ORDER)) documents"
START=$(date +%s)
sql -v orders="$ORDERS" -v docs="$DOCS_PER_ORDER" -f scripts/bench-generate.sql
echo "  generated in $(( $(date +%s) - START )) s: $(sql -c "SELECT count(*) FROM orders") orders, $(sql -c "SELECT count(*) FROM documents") documents, $(sql -c "SELECT count(*) FROM orders WHERE status = 'under_review'") under review"
CURSOR=$(sql -c "SELECT (extract(epoch FROM COALESCE(submitted_at, created_at)) * 1000000000)::bigint || '.' || id FROM orders
  WHERE status = 'under_review' ORDER BY COALESCE(submitted_at, created_at), id
  OFFSET LEAST(10000, (SELECT count(*) / 2 FROM orders WHERE status = 'under_review')) LIMIT 1")
DEPTH=$(sql -c "SELECT LEAST(10000, count(*) / 2) FROM orders WHERE status = 'under_review'")
echo "  over HTTP (the whole admin page, rendered on the server):"
$BENCH --base "$BASE" latency --cookie "$ADMIN" --runs 200 --paths \
  "review queue: first page=/admin/reviews,filtered: .us only=/admin/reviews?status=under_review&extension=.us,a page $DEPTH orders down=/admin/reviews?status=under_review&after=$CURSOR,registered (of the most)=/admin/reviews?status=registered"

echo "  in the database (EXPLAIN ANALYZE; the reference is the OFFSET paging it replaced):"
explain() {
  local label=$1 query=$2
  local plan
  plan=$(sql -c "EXPLAIN (ANALYZE, BUFFERS) $query")
  printf '  %-44s %s   %s\n' "$label" "$(echo "$plan" | grep -o 'Execution Time: .*')" "$(echo "$plan" | grep -oE 'Index (Only )?Scan[^(]*' | head -1 | xargs)"
}
KEY="COALESCE(submitted_at, created_at)"
CUR_TS=${CURSOR%.*}; CUR_ID=${CURSOR#*.}
CUR_AT="to_timestamp($CUR_TS / 1000000000.0)"
explain "badge: orders under review" "SELECT count(*) FROM orders WHERE status = 'under_review'"
explain "first page" "SELECT * FROM orders WHERE status = 'under_review' ORDER BY $KEY, id LIMIT 21"
explain "filtered page (.us)" "SELECT * FROM orders WHERE status = 'under_review' AND extension_id = (SELECT id FROM extensions WHERE name = '.us') ORDER BY $KEY, id LIMIT 21"
explain "a page $DEPTH orders down (cursor)" "SELECT * FROM orders WHERE status = 'under_review' AND ($KEY, id) > ($CUR_AT, $CUR_ID) ORDER BY $KEY, id LIMIT 21"
explain "reference: the same page by OFFSET" "SELECT * FROM orders WHERE status = 'under_review' ORDER BY submitted_at, id OFFSET $DEPTH LIMIT 20"
explain "count shown above the queue (capped)" "SELECT count(*) FROM (SELECT 1 FROM orders WHERE status = 'registered' LIMIT 1001) m"
echo "  plans:"
sql -c "EXPLAIN SELECT * FROM orders WHERE status = 'under_review' AND ($KEY, id) > ($CUR_AT, $CUR_ID) ORDER BY $KEY, id LIMIT 21" | sed 's/^/    /'
sql -c "EXPLAIN SELECT count(*) FROM orders WHERE status = 'under_review'" | sed 's/^/    /'
fi

say "done"
