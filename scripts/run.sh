#!/usr/bin/env bash
# Runs the product on this machine: the account API with demo data on its embedded SQLite
# (./data/), and the app (Dioxus liveview) talking to it. Prints the address to open.
# Ctrl-C stops both. Settings: API_ADDR (default 127.0.0.1:8080), COMPANION_UI_ADDR
# (default 127.0.0.1:3000).
set -euo pipefail
cd "$(dirname "$0")/.."
api_addr=${API_ADDR:-127.0.0.1:8080}
ui_addr=${COMPANION_UI_ADDR:-127.0.0.1:3000}
target=${CARGO_TARGET_DIR:-target}

cargo build --bins
mkdir -p data
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

DATABASE_URL=${DATABASE_URL:-sqlite://data/companion.db} BIND_ADDR="$api_addr" MAIL_OUTBOX_DIR=${MAIL_OUTBOX_DIR:-data/mail} \
  "$target/debug/companion-server" demo &
pids+=($!)
for _ in $(seq 100); do
  curl -sf "http://$api_addr/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
COMPANION_API_URL="http://$api_addr" COMPANION_DATA_DIR=${COMPANION_DATA_DIR:-data/app} COMPANION_UI_ADDR="$ui_addr" \
  "$target/debug/companion" &
pids+=($!)
sleep 1
echo
echo "Open http://$ui_addr in a browser (phone-sized window works best)."
echo "The API is at http://$api_addr (OpenAPI: http://$api_addr/v1/openapi.json); emails land in data/mail/."
wait -n "${pids[@]}"
