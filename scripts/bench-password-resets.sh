#!/usr/bin/env bash
# What the mail outbox costs a password-reset request (issue 21: "the email must not cost
# the request more than one extra insert"), as ratios measured in one run. POST
# /v1/password-resets for emails that have an account (a reset code, and with the outbox a
# mail_outbox row, written in the request's transaction) against the same request for
# emails that have none (the same code path, throttle and account lookup, writing nothing),
# 64 connections for SECONDS each, on a server with 20,000 seeded customers
# (examples/reset_bench.rs), in three set-ups:
#  - outbox, worker delivering: MAIL_OUTBOX_DIR; the worker writes each message as it
#    comes, beside the requests on the same 2 cores (what a serve process does);
#  - outbox, worker held: SMTP_URL names a server that takes the connection and never
#    answers, so the worker sits in its first attempt: the requests' own cost;
#  - before the outbox (BASELINE, default a07fcd9, the parent of e0b5866): the code
#    committed, then the email sent from a background task of the request (MAIL_OUTBOX_DIR).
# The per-email (3 an hour) and per-address (30 an hour) limits stay as they are: each email
# and each X-Forwarded-For address is named at most 3 times (scripts/bench/reset.lua;
# TRUSTED_PROXIES=127.0.0.1), and the script reports any answer that was not 2xx.
# Release builds, loopback only, wrk (Debian) on the same 2 cores. Nothing asserts on time;
# the numbers go to BENCHMARKS.md.
# Usage: scripts/bench-password-resets.sh [SECONDS]
#        scripts/with-postgres.sh scripts/bench-password-resets.sh [SECONDS]   (PostgreSQL too)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
baseline=${BASELINE:-a07fcd9}
command -v wrk >/dev/null || { echo "install wrk (Debian package wrk)"; exit 1; }
target=$(cd "${CARGO_TARGET_DIR:-target}" 2>/dev/null && pwd || echo "$PWD/target")
work=$(mktemp -d /tmp/companion-resets.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== building HEAD and $baseline (release)"
# Both trees name their crates alike, so in one target folder each could pick up the
# other's build as fresh: our two crates are cleaned before each build.
build() { # source_dir output
  (cd "$1" && CARGO_TARGET_DIR=$target cargo clean --release -q -p companion-domain -p companion-server &&
    CARGO_TARGET_DIR=$target cargo build --release -q -p companion-server --example reset_bench)
  cp "$target/release/examples/reset_bench" "$2"
}
build . "$work/outbox"
# The baseline's tree with today's seeding example (the APIs it calls are unchanged there).
mkdir "$work/baseline-src"
git archive "$baseline" | tar -x -C "$work/baseline-src"
cp crates/server/examples/reset_bench.rs "$work/baseline-src/crates/server/examples/"
build "$work/baseline-src" "$work/before"

# Starts a server and sets $started to its base URL. (Not `$(start …)`: a command
# substitution is a subshell, and the pid it records would never reach the cleanup.)
start() { # name command...
  local name=$1; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 300); do grep -q "listening on" "$work/$name.out" 2>/dev/null && break; sleep 0.2; done
  started=$(grep -o 'http://[0-9.:]*' "$work/$name.out" | head -n 1)
  [ -n "$started" ] || { echo "$name did not start:"; cat "$work/$name.err"; exit 1; }
}
rps() { awk '/Requests\/sec/ {print $2}'; }
answered() { awk '/requests in/ {print $1}'; }
not_2xx() { awk '/Non-2xx/ {print $5}'; }
# Rows in the outbox, whatever their status (GET /metrics; none before the outbox).
rows() { { curl -sf "$1/metrics" || true; } | awk '/^companion_mail_outbox\{/ {n += $2} END {print n + 0}'; }

# An SMTP server that accepts connections and never says a word.
python3 -c '
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(128)
print(s.getsockname()[1], flush=True)
time.sleep(10**6)' >"$work/stalled.port" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/stalled.port" ] && break; sleep 0.1; done
stalled=$(cat "$work/stalled.port")

resets() { # api known|unknown seconds [first]
  wrk -t2 -c64 -d"$3s" -s scripts/bench/reset.lua "$1/v1/password-resets" -- "$2" 2 "${4:-0}"
}

# Measures unknown then known emails on a fresh server; sets $known_rps.
bench() { # label binary database_url mail_env
  local label=$1 binary=$2 url=$3 mail=$4 api
  start "$label" env DATABASE_URL="$url" BIND_ADDR=127.0.0.1:0 TRUSTED_PROXIES=127.0.0.1 RUST_LOG=warn \
    "$mail" "$work/$binary"
  api=$started
  # Warm-up on emails and addresses the measured runs do not use.
  resets "$api" unknown 3 1000000 >/dev/null
  resets "$api" unknown "$secs" >"$work/$label-unknown.wrk"
  local before after unknown
  before=$(rows "$api")
  resets "$api" known "$secs" >"$work/$label-known.wrk"
  after=$(rows "$api")
  unknown=$(rps <"$work/$label-unknown.wrk"); known_rps=$(rps <"$work/$label-known.wrk")
  printf '%-36s unknown %8s req/s | known %8s req/s = %.2f × unknown (%s answered, %s mail rows)\n' \
    "$label" "$unknown" "$known_rps" "$(python3 -c "print($known_rps / $unknown)")" \
    "$(answered <"$work/$label-known.wrk")" "$((after - before))"
  for case in unknown known; do
    local refused
    refused=$(not_2xx <"$work/$label-$case.wrk")
    if [ -n "$refused" ]; then
      echo "$label $case: $refused answers were not 2xx: not comparable; the server's log says:" >&2
      cut -d' ' -f2- "$work/$label.err" | cut -c1-200 | sort | uniq -c | sort -rn | head -n 5 >&2
    fi
  done
  kill "${pids[-1]}" 2>/dev/null || true
  wait "${pids[-1]}" 2>/dev/null || true
}

engine() { # label database_url_maker
  local label=$1 make_url=$2 before_rps
  bench "$label before the outbox" before "$($make_url before)" MAIL_OUTBOX_DIR="$work/mail-before"
  before_rps=$known_rps
  bench "$label outbox, worker delivering" outbox "$($make_url delivering)" MAIL_OUTBOX_DIR="$work/mail"
  printf '%-36s known emails: outbox / before = %.2f\n' "$label" "$(python3 -c "print($known_rps / $before_rps)")"
  bench "$label outbox, worker held" outbox "$($make_url held)" SMTP_URL="smtp://127.0.0.1:$stalled"
}

echo "password resets, 64 connections, ${secs}s per case, $(nproc) cores shared with wrk"
sqlite_url() { echo "sqlite://$work/$1.db"; }
engine sqlite sqlite_url
# PostgreSQL: run this script under scripts/with-postgres.sh to add its rows.
if [ -n "${COMPANION_TEST_POSTGRES:-}" ]; then
  postgres_url() {
    local db="resets_$1_$(date +%s%N)"
    psql "$COMPANION_TEST_POSTGRES" -qc "CREATE DATABASE $db" >/dev/null
    echo "${COMPANION_TEST_POSTGRES%/*}/$db"
  }
  engine postgres postgres_url
fi
