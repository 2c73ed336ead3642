#!/usr/bin/env bash
# What the shared throttle costs (issue 9), as ratios measured in one run: the server at
# BASELINE (default 1159657, the last commit with in-memory counters) against HEAD (counters
# in the database, counted before hashing), both release builds on a fresh demo database:
#  - log-in throughput (4 connections of successful log-ins: argon2id dominates),
#  - wallet reads (GET /v1/loyalty, 64 connections) and their p99 during a log-in flood,
#  - a 100-request parallel burst of wrong passwords for one account: how many are tried
#    (401) before the rest are refused (429), on one instance and across two on one database.
# Nothing asserts on time; the numbers go to BENCHMARKS.md.
# Usage: scripts/bench-throttle.sh [SECONDS]   (under scripts/with-postgres.sh: PostgreSQL too)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
baseline=${BASELINE:-1159657}
command -v wrk >/dev/null || { echo "install wrk (Debian package wrk)"; exit 1; }
target=$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")
work=$(mktemp -d /tmp/companion-throttle.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  git worktree remove --force "$work/baseline-src" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building HEAD and $baseline (release)"
CARGO_TARGET_DIR=$target cargo build --release -q -p companion-server --bin companion-server
cp "$target/release/companion-server" "$work/head"
git worktree add -q --detach "$work/baseline-src" "$baseline"
(cd "$work/baseline-src" && CARGO_TARGET_DIR=$target cargo build --release -q -p companion-server --bin companion-server)
cp "$target/release/companion-server" "$work/baseline"

# Starts a server and sets $started to its base URL. (Not `$(start …)`: a command
# substitution is a subshell, and the pid it records would never reach `stop_all`.)
start() { # name binary database_url
  local name=$1 binary=$2 url=$3
  DATABASE_URL="$url" BIND_ADDR=127.0.0.1:0 MAIL_OUTBOX_DIR="$work/mail" RUST_LOG=error \
    "$work/$binary" demo >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 150); do grep -q "listening on" "$work/$name.out" 2>/dev/null && break; sleep 0.2; done
  started=$(grep -o 'http://[0-9.:]*' "$work/$name.out" | head -n 1)
}
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '$1 == "99%" {print $2}'; }
token() {
  curl -sf -X POST "$1/v1/sessions" -H 'content-type: application/json' \
    -d '{"email":"demo@companion.pt","password":"lisboa-eletrico-28"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
# 100 wrong passwords for one account at once, spread over the given instances.
burst() {
  local i=0 urls=("$@")
  for n in $(seq 100); do
    url=${urls[$((n % ${#urls[@]}))]}
    curl -s -o /dev/null -w '%{http_code}\n' -X POST "$url/v1/sessions" -H 'content-type: application/json' \
      -d '{"email":"demo@companion.pt","password":"wrong-password-here"}' &
    i=$((i + 1))
  done | sort | uniq -c | tr '\n' ' '
  wait
}

measure() { # label database_url_maker
  local label=$1 make_url=$2
  declare -A login wallet loaded
  for binary in baseline head; do
    local api tok
    start "$label-$binary" "$binary" "$($make_url "$binary")"
    api=$started
    tok=$(token "$api")
    # Four at a time: argon2id fills both cores, and one account never has more log-ins in
    # flight than its limit (a fifth would be a lock, not a cost).
    wrk -t1 -c4 -d"${secs}s" -s scripts/bench/login.lua "$api/v1/sessions" >"$work/login.wrk"
    login[$binary]=$(rps <"$work/login.wrk")
    refused=$(awk '/Non-2xx/ {print $5}' "$work/login.wrk")
    [ -z "$refused" ] || echo "$label $binary: $refused log-ins were not 200" >&2
    wrk -t2 -c64 -d"${secs}s" -H "Authorization: Bearer $tok" "$api/v1/loyalty" >"$work/wallet.wrk"
    wallet[$binary]=$(rps <"$work/wallet.wrk")
    wrk -t1 -c4 -d"$((secs + 4))s" -s scripts/bench/login.lua "$api/v1/sessions" >/dev/null &
    local flood=$!
    sleep 2
    wrk -t1 -c64 -d"${secs}s" --latency -H "Authorization: Bearer $tok" "$api/v1/loyalty" >"$work/loaded.wrk"
    wait "$flood"
    loaded[$binary]=$(p99 <"$work/loaded.wrk")
    echo "$label $binary: 100-burst of wrong passwords -> $(burst "$api")"
    stop_all
  done
  printf '%-9s log-ins/s  baseline %8s  head %8s  ratio %.2f\n' "$label" "${login[baseline]}" "${login[head]}" \
    "$(python3 -c "print(${login[head]} / ${login[baseline]})")"
  printf '%-9s wallet/s   baseline %8s  head %8s  ratio %.2f\n' "$label" "${wallet[baseline]}" "${wallet[head]}" \
    "$(python3 -c "print(${wallet[head]} / ${wallet[baseline]})")"
  printf '%-9s wallet p99 during a log-in flood: baseline %s, head %s\n' "$label" "${loaded[baseline]}" "${loaded[head]}"
}

sqlite_url() { echo "sqlite://$work/$1.db"; }
measure sqlite sqlite_url

# Two HEAD instances on one database: the burst spread over both.
url=$(sqlite_url shared)
start shared-a head "$url"; a=$started
start shared-b head "$url"; b=$started
echo "sqlite two instances: 100-burst of wrong passwords -> $(burst "$a" "$b")"
stop_all

if [ -n "${COMPANION_TEST_POSTGRES:-}" ]; then
  postgres_url() {
    local db="throttle_$1_$(date +%s%N)"
    psql "$COMPANION_TEST_POSTGRES" -qc "CREATE DATABASE $db" >/dev/null
    echo "${COMPANION_TEST_POSTGRES%/*}/$db"
  }
  measure postgres postgres_url
  url=$(postgres_url shared)
  start pg-a head "$url"; a=$started
  start pg-b head "$url"; b=$started
  echo "postgres two instances: 100-burst of wrong passwords -> $(burst "$a" "$b")"
  stop_all
fi
