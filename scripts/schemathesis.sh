#!/usr/bin/env bash
# Fuzzes the running API from its own OpenAPI document with schemathesis (PyPI): every
# operation, generated valid and invalid input, signed in as the demo customer. Passes
# when no request gets a 5xx. Starts a throwaway demo server; needs `st` on PATH and the
# server built (cargo build -p companion-server).
# Usage: scripts/schemathesis.sh [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
max_examples=${1:-30}
target=${CARGO_TARGET_DIR:-target}
server="$target/debug/companion-server"
work=$(mktemp -d /tmp/companion-st.XXXXXX)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

DATABASE_URL="sqlite://$work/st.db" BIND_ADDR=127.0.0.1:0 MAIL_OUTBOX_DIR="$work/mail" RUST_LOG=warn \
  "$server" demo >"$work/stdout" 2>"$work/stderr" &
pid=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/stdout" 2>/dev/null && break
  sleep 0.2
done
base=$(grep -o 'http://[0-9.:]*' "$work/stdout" | head -n 1)
[ -n "$base" ] || { echo "schemathesis: the server did not start"; cat "$work/stderr"; exit 1; }
token=$(curl -sf -X POST "$base/v1/sessions" -H 'content-type: application/json' \
  -d '{"email":"demo@companion.pt","password":"lisboa-eletrico-28"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

# Log-out would end the session the rest of the run uses; everything else is fuzzed.
set +e
st run "$base/v1/openapi.json" \
  --checks not_a_server_error \
  --max-examples "$max_examples" \
  --header "Authorization: Bearer $token" \
  --exclude-path /v1/sessions/current \
  --seed 20261125 \
  --request-timeout 30
status=$?
set -e
if grep -q " 500 \| status=500" "$work/stderr"; then
  echo "schemathesis: the server logged a 500:"; grep "500" "$work/stderr" | head -20
  status=1
fi
exit $status
