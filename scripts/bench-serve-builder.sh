#!/usr/bin/env bash
# What the connection loop of issue 19 (src/serve.rs: hyper's builder with timeouts, a
# connection cap and an idle timeout per socket) costs against bare `axum::serve`: the same
# application and demo data, GET /v1/loyalty (signed in, 25 ledger entries) with 64
# connections, measured alternately (before, after, before, after) in one run. Numbers go to
# BENCHMARKS.md; nothing here asserts on time.
# Usage: scripts/bench-serve-builder.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
command -v wrk >/dev/null || { echo "install wrk (Debian package wrk)"; exit 1; }
cargo build --release -q -p companion-server --bin companion-server --example plain_serve
target=${CARGO_TARGET_DIR:-target}/release
work=$(mktemp -d /tmp/companion-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start() { # name command...
  local name=$1; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 150); do grep -q "listening on" "$work/$name.out" 2>/dev/null && break; sleep 0.2; done
  started=$(grep -o 'http://[0-9.:]*' "$work/$name.out" | head -n 1)
}
rps() { awk '/Requests\/sec/ {print $2}'; }

measure() { # name command...
  local name=$1; shift
  start "$name" env DATABASE_URL="sqlite://$work/$name.db" BIND_ADDR=127.0.0.1:0 MAIL_OUTBOX_DIR="$work/mail" RUST_LOG=warn "$@"
  local api=$started login token code staff
  login=$(curl -sf -X POST "$api/v1/sessions" -H 'content-type: application/json' -d '{"email":"demo@companion.pt","password":"lisboa-eletrico-28"}')
  token=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["access_token"])' "$login")
  code=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["account"]["member_code"])' "$login")
  staff=$(curl -sf -X POST "$api/v1/sessions" -H 'content-type: application/json' -d '{"email":"loja@companion.pt","password":"porto-ribeira-loja"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  for i in $(seq 23); do
    curl -sf -X POST "$api/v1/staff/purchases" -H "authorization: Bearer $staff" -H 'content-type: application/json' \
      -d "{\"member_code\":\"$code\",\"amount_cents\":$((i * 700)),\"receipt_reference\":\"BENCH-$name-$i\"}" >/dev/null
  done
  wrk -t2 -c64 -d"${secs}s" -H "Authorization: Bearer $token" "$api/v1/loyalty" | rps
  kill "${pids[-1]}" 2>/dev/null || true
}

before1=$(measure before1 "$target/examples/plain_serve")
after1=$(measure after1 "$target/companion-server" demo)
before2=$(measure before2 "$target/examples/plain_serve")
after2=$(measure after2 "$target/companion-server" demo)
python3 - "$before1" "$after1" "$before2" "$after2" <<'PY'
import sys
b1, a1, b2, a2 = map(float, sys.argv[1:])
before, after = (b1 + b2) / 2, (a1 + a2) / 2
print(f"GET /v1/loyalty, SQLite, 64 connections: axum::serve {b1:.0f} / {b2:.0f} req/s, "
      f"new loop {a1:.0f} / {a2:.0f} req/s; after/before = {after / before:.3f}")
PY
