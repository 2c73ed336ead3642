#!/usr/bin/env bash
# Server benchmark (numbers go to BENCHMARKS.md; nothing here asserts on time).
#  1. Throughput of GET /v1/loyalty (signed in, 25 ledger entries) with 64 connections, as a
#     ratio of a bare axum "hello" endpoint measured in the same run.
#  2. p99 latency of GET /v1/loyalty while a flood of logins (argon2id) runs.
# Release builds, loopback only, wrk (Debian) as the load generator on the same 2 cores.
# Usage: scripts/bench-server.sh [SECONDS]
#        scripts/with-postgres.sh scripts/bench-server.sh [SECONDS]   (adds a PostgreSQL row)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
command -v wrk >/dev/null || { echo "install wrk (Debian package wrk)"; exit 1; }
cargo build --release -q -p companion-server --bin companion-server --example bare_hello
target=${CARGO_TARGET_DIR:-target}/release
work=$(mktemp -d /tmp/companion-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Starts a server and sets $started to its base URL. (Not `$(start …)`: a command
# substitution is a subshell, and the pid it records would never reach the cleanup.)
start() { # name command...
  local name=$1; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 150); do grep -q "listening on" "$work/$name.out" 2>/dev/null && break; sleep 0.2; done
  started=$(grep -o 'http://[0-9.:]*' "$work/$name.out" | head -n 1)
}
rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '$1 == "99%" {print $2}'; }

start hello env BIND_ADDR=127.0.0.1:0 "$target/examples/bare_hello"
hello=$started
wrk -t2 -c64 -d"${secs}s" "$hello/hello" >"$work/hello.wrk"
hello_rps=$(rps <"$work/hello.wrk")

bench_db() { # label database_url
  local label=$1 url=$2
  local api
  start "api-$label" env DATABASE_URL="$url" BIND_ADDR=127.0.0.1:0 MAIL_OUTBOX_DIR="$work/mail" "$target/companion-server" demo
  api=$started
  local login token staff
  login=$(curl -sf -X POST "$api/v1/sessions" -H 'content-type: application/json' -d '{"email":"demo@companion.pt","password":"lisboa-eletrico-28"}')
  token=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["access_token"])' "$login")
  code=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["account"]["member_code"])' "$login")
  staff=$(curl -sf -X POST "$api/v1/sessions" -H 'content-type: application/json' -d '{"email":"loja@companion.pt","password":"porto-ribeira-loja"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  for i in $(seq 23); do
    curl -sf -X POST "$api/v1/staff/purchases" -H "authorization: Bearer $staff" -H 'content-type: application/json' \
      -d "{\"member_code\":\"$code\",\"amount_cents\":$((i * 700)),\"receipt_reference\":\"BENCH-$label-$i\"}" >/dev/null
  done
  wrk -t2 -c64 -d"${secs}s" --latency -H "Authorization: Bearer $token" "$api/v1/loyalty" >"$work/loyalty-$label.wrk"
  local quiet_rps quiet_p99
  quiet_rps=$(rps <"$work/loyalty-$label.wrk"); quiet_p99=$(p99 <"$work/loyalty-$label.wrk")
  wrk -t1 -c4 -d"$((secs + 4))s" -s scripts/bench/login.lua "$api/v1/sessions" >"$work/flood-$label.wrk" &
  local flood=$!
  sleep 2
  wrk -t1 -c64 -d"${secs}s" --latency -H "Authorization: Bearer $token" "$api/v1/loyalty" >"$work/loaded-$label.wrk"
  wait "$flood"
  local loaded_p99 loaded_rps logins
  loaded_p99=$(p99 <"$work/loaded-$label.wrk"); loaded_rps=$(rps <"$work/loaded-$label.wrk"); logins=$(rps <"$work/flood-$label.wrk")
  printf '%-10s loyalty %9s req/s = %.2f × hello | p99 %8s quiet | during login flood (%s logins/s): p99 %s, %s req/s\n' \
    "$label" "$quiet_rps" "$(python3 -c "print($quiet_rps / $hello_rps)")" "$quiet_p99" "$logins" "$loaded_p99" "$loaded_rps"
}

echo "bare axum hello: $hello_rps req/s (64 connections, ${secs}s, $(nproc) cores shared with wrk)"
bench_db sqlite "sqlite://$work/bench.db"
# PostgreSQL: run this script under scripts/with-postgres.sh to add its row.
if [ -n "${COMPANION_TEST_POSTGRES:-}" ]; then
  db="bench_$(date +%s)"
  psql "$COMPANION_TEST_POSTGRES" -qc "CREATE DATABASE $db" >/dev/null
  bench_db postgres "${COMPANION_TEST_POSTGRES%/*}/$db"
fi
