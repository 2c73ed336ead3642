#!/usr/bin/env bash
# Runs the product on this machine: the account API with demo data on its embedded SQLite
# (./data/), and the app (Dioxus liveview) talking to it. Prints the address to open once
# both answer; exits non-zero with the reason if either fails to come up. Ctrl-C stops both.
# Settings: API_ADDR (default 127.0.0.1:8080), COMPANION_UI_ADDR (default 127.0.0.1:3000),
# CARGO_TARGET_DIR (where cargo builds).
set -euo pipefail
cd "$(dirname "$0")/.."
api_addr=${API_ADDR:-127.0.0.1:8080}
ui_addr=${COMPANION_UI_ADDR:-127.0.0.1:3000}
target=${CARGO_TARGET_DIR:-target}
mkdir -p data
log_dir=data/logs
mkdir -p "$log_dir"

fail() { echo "run.sh: $*" >&2; exit 1; }
command -v curl >/dev/null || fail "curl is needed to check that the API and the app are up (Debian: apt install curl)."

# Both binaries, whatever this target directory held before: `cargo build --bins` at the
# workspace root would build only the app.
echo "== building the API and the app (the first build takes several minutes)"
cargo build -p companion-server -p companion --bins

# A port already taken would make the new process exit at once; say so plainly.
for addr in "$api_addr" "$ui_addr"; do
  if curl -s -o /dev/null --max-time 2 "http://$addr/"; then
    fail "something already answers on $addr. Stop it, or choose other ports: API_ADDR=127.0.0.1:8081 COMPANION_UI_ADDR=127.0.0.1:3001 scripts/run.sh"
  fi
done

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until `url` answers 200 while process `pid` lives; fails with the log's tail.
wait_for() {
  local what=$1 url=$2 pid=$3 log=$4
  for _ in $(seq 300); do
    curl -sf -o /dev/null --max-time 2 "$url" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run.sh: the $what exited before answering on $url. Its last lines ($log):" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "run.sh: the $what did not answer on $url within 60 s. Its last lines ($log):" >&2
  tail -n 20 "$log" >&2
  exit 1
}

DATABASE_URL=${DATABASE_URL:-sqlite://data/companion.db} BIND_ADDR="$api_addr" MAIL_OUTBOX_DIR=${MAIL_OUTBOX_DIR:-data/mail} \
  "$target/debug/companion-server" demo > >(tee "$log_dir/api.log") 2> >(tee "$log_dir/api.err.log" >&2) &
pids+=($!)
wait_for "account API" "http://$api_addr/healthz" "${pids[0]}" "$log_dir/api.err.log"

COMPANION_API_URL="http://$api_addr" COMPANION_DATA_DIR=${COMPANION_DATA_DIR:-data/app} COMPANION_UI_ADDR="$ui_addr" \
  "$target/debug/companion" 2> >(tee "$log_dir/app.log" >&2) &
pids+=($!)
wait_for "app" "http://$ui_addr/" "${pids[1]}" "$log_dir/app.log"

echo
echo "Open http://$ui_addr in a browser (phone-sized window works best)."
echo "The API is at http://$api_addr (OpenAPI: http://$api_addr/v1/openapi.json); emails land in data/mail/."
echo "Logs: $log_dir/. Ctrl-C stops both."
set +e
wait -n "${pids[@]}"
status=$?
echo "run.sh: a process stopped (exit $status); stopping the other." >&2
exit "$status"
