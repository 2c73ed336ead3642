#!/usr/bin/env bash
# Proves the README's first command as a new user meets it: a fresh clone of the committed
# HEAD, a target directory that holds none of the project's own binaries (dependencies may
# stay compiled), the command run as written. Passes when the API answers /healthz, the
# app's page loads, and the customer demo login printed in the README logs in; then stops it
# with Ctrl-C's signal and checks that both processes are gone.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
target=${CARGO_TARGET_DIR:-$repo/target}
target=$(cd "$(dirname "$target")" && pwd)/$(basename "$target")
api_addr=127.0.0.1:${CHECK_API_PORT:-18080}
ui_addr=127.0.0.1:${CHECK_UI_PORT:-13000}

fail() { echo "check-readme-run: FAILED: $*" >&2; exit 1; }

# The first indented line of the README is the run command; the customer row of its table
# gives the demo login. Reading them from the README keeps this check honest when it changes.
run_cmd=$(awk '/^    [^ ]/ { sub(/^    /, ""); print; exit }' README.md)
login_row=$(grep -m1 '^| customer |' README.md) || fail "the README has no customer demo login row"
email=$(sed -E 's/^\| customer \| `([^`]+)` \| `([^`]+)` \|.*/\1/' <<<"$login_row")
password=$(sed -E 's/^\| customer \| `([^`]+)` \| `([^`]+)` \|.*/\2/' <<<"$login_row")
[ -n "$run_cmd" ] && [ "$email" != "$login_row" ] || fail "could not read the run command or the demo login from README.md"
echo "check-readme-run: README says to run '$run_cmd'; demo login $email"

work=$(mktemp -d /tmp/readme-run.XXXX)
git clone -q "$repo" "$work/clone"
# No binary of ours in the target directory: only the dependencies stay compiled.
CARGO_TARGET_DIR="$target" cargo clean -q -p companion -p companion-server -p companion-client \
  -p companion-domain -p companion-scan 2>/dev/null || true
for bin in companion companion-server; do
  [ ! -e "$target/debug/$bin" ] || fail "$target/debug/$bin is still there after cargo clean"
done

cd "$work/clone"
log="$work/run.log"
# setsid: its own process group, so the whole group can be signalled like a terminal's Ctrl-C.
CARGO_TARGET_DIR="$target" API_ADDR=$api_addr COMPANION_UI_ADDR=$ui_addr \
  setsid bash -c "$run_cmd" </dev/null >"$log" 2>&1 &
runner=$!
stop() { kill -INT -- "-$runner" 2>/dev/null || true; }
trap 'stop; sleep 1; kill -KILL -- "-$runner" 2>/dev/null || true' EXIT

# Building from here takes minutes on 2 cores; wait for the line that says it is ready.
for _ in $(seq 1800); do
  grep -q "^Open http://$ui_addr" "$log" && break
  kill -0 "$runner" 2>/dev/null || { tail -n 40 "$log" >&2; fail "'$run_cmd' exited before the app was up"; }
  sleep 1
done
grep -q "^Open http://$ui_addr" "$log" || { tail -n 40 "$log" >&2; fail "not ready after 30 minutes"; }

[ "$(curl -sf "http://$api_addr/healthz")" = ok ] || fail "/healthz does not answer ok"
page=$(curl -sf "http://$ui_addr/") || fail "the app page does not load"
grep -q "<title>Companion</title>" <<<"$page" || fail "the app page is not the Companion app"
answer=$(curl -s -o "$work/login.json" -w '%{http_code}' -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "http://$api_addr/v1/sessions")
[ "$answer" = 200 ] || fail "the README's demo login was refused ($answer): $(cat "$work/login.json")"
grep -q '"access_token"' "$work/login.json" || fail "the demo login gave no access token"

# The back-office admin printed in the README signs in, and the console page loads.
admin_row=$(grep -m1 '^| back-office admin' README.md) || fail "the README has no back-office admin row"
admin_email=$(sed -E 's/.*\| `([^`]+)` \| `([^`]+)` \|$/\1/' <<<"$admin_row")
admin_password=$(sed -E 's/.*\| `([^`]+)` \| `([^`]+)` \|$/\2/' <<<"$admin_row")
answer=$(curl -s -o "$work/admin.json" -w '%{http_code}' -H 'content-type: application/json' \
  -d "{\"email\":\"$admin_email\",\"password\":\"$admin_password\"}" "http://$api_addr/v1/sessions")
[ "$answer" = 200 ] || fail "the README's back-office login was refused ($answer): $(cat "$work/admin.json")"
curl -sf "http://$api_addr/backoffice" | grep -q "back office" || fail "the back-office console does not load"

stop
for _ in $(seq 50); do kill -0 "$runner" 2>/dev/null || break; sleep 0.2; done
kill -0 "$runner" 2>/dev/null && fail "Ctrl-C did not stop '$run_cmd'"
curl -s -o /dev/null --max-time 2 "http://$api_addr/healthz" && fail "the API still answers after Ctrl-C"
rm -rf "$work"
echo "check-readme-run: ok ('$run_cmd' from a fresh clone: API, app page, demo and back-office logins, console)"
