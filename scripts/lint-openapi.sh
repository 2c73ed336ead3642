#!/usr/bin/env bash
# Lints the OpenAPI document the server serves at GET /v1/openapi.json (printed by
# `companion-server openapi`, with and without the test clock's paths) with Spectral
# (`spectral:oas`, .spectral.yaml) and Redocly (`recommended`, redocly.yaml). Fails on any
# error of either; prints every problem and the warning counts.
# The linters are pinned by scripts/openapi-linters/package-lock.json and installed from the
# npm registry once per machine, into ~/.cache/companion/openapi-linters (again when the lock
# file changes). Needs Node.js 18.18 or later in the 18 line, 20.17 or later in the 20 line, or
# 21 or later (the pinned Spectral CLI 6 and Redocly CLI 1; Debian 12's nodejs 18.20 will do);
# installs Debian's nodejs and npm when npm is missing and this runs as root on Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing nodejs npm"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "Please install Node.js (18.18 or later) with npm"; exit 1
  fi
fi
# The engines of the pinned packages (package-lock.json): @stoplight/spectral-cli 6.16.3 takes
# "^16.20 || ^18.18 || >= 20.17", @redocly/cli 1.34.20 ">=18.17.0"; the rest ask less (jsep is
# held at 1.4.0 by package.json's overrides, as 1.6 asks for 20.16).
if ! command -v node >/dev/null; then
  echo "npm is here but node is not: please install Node.js (18.18 or later)"; exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit((a === 18 && b >= 18) || (a === 20 && b >= 17) || a >= 21 ? 0 : 1)'; then
  echo "The pinned OpenAPI linters (Spectral CLI 6.16.3, Redocly CLI 1.34.20) need Node.js 18.18 or later in the 18 line, 20.17 or later in the 20 line, or 21 or later; this is node $(node --version) at $(command -v node)"
  exit 1
fi

dest="${OPENAPI_LINTERS_DIR:-$HOME/.cache/companion/openapi-linters}"
lock="$root/scripts/openapi-linters/package-lock.json"
if ! cmp -s "$lock" "$dest/package-lock.json" || [ ! -x "$dest/node_modules/.bin/redocly" ]; then
  echo "== installing the pinned linters (npm)"
  mkdir -p "$dest"
  cp "$root/scripts/openapi-linters/package.json" "$lock" "$dest/"
  # No install scripts: the linters need none (one dependency's only sends usage statistics).
  npm ci --prefix "$dest" --ignore-scripts --no-audit --no-fund --loglevel=error
fi
bin="$dest/node_modules/.bin"
# No usage statistics, no update notices.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

work=$(mktemp -d /tmp/companion-openapi.XXXXXX)
trap 'rm -rf "$work"' EXIT
cargo run --quiet -p companion-server -- openapi >"$work/openapi.json"
cargo run --quiet -p companion-server -- openapi --test-clock >"$work/openapi-test-clock.json"
echo "spectral $("$bin/spectral" --version), redocly $("$bin/redocly" --version 2>/dev/null)"

# Prints a linter's problems (its JSON report) one a line and its counts; exits 1 on an
# error, 2 when there is no readable report.
report() {
  python3 - "$@" <<'EOF'
import json, sys

linter, document, path = sys.argv[1:]
try:
    with open(path) as file:
        raw = json.load(file)
except (OSError, ValueError) as error:
    print(f"{linter} on {document}: no report ({error})")
    sys.exit(2)
if linter == "spectral":
    severities = {0: "error", 1: "warning", 2: "info", 3: "hint"}
    problems = [
        (severities[p["severity"]], p["code"], ".".join(map(str, p["path"])), p["message"])
        for p in raw
    ]
else:
    severities = {"error": "error", "warn": "warning"}
    problems = [
        (severities.get(p["severity"], p["severity"]), p["ruleId"],
         p["location"][0]["pointer"] if p.get("location") else "", p["message"])
        for p in raw["problems"]
    ]
for severity, rule, where, message in problems:
    print(f"  {severity:7} {rule:30} {where}  {message}")
errors = sum(1 for p in problems if p[0] == "error")
warnings = sum(1 for p in problems if p[0] == "warning")
print(f"{linter} on {document}: {errors} errors, {warnings} warnings")
sys.exit(1 if errors else 0)
EOF
}

status=0
for document in openapi.json openapi-test-clock.json; do
  # Both exit non-zero on an error; the reports are read either way (a missing or broken
  # report fails too).
  rm -f "$work/spectral.json" "$work/redocly.json"
  "$bin/spectral" lint --quiet --format json --ruleset "$root/.spectral.yaml" \
    --output "$work/spectral.json" "$work/$document" || true
  report spectral "$document" "$work/spectral.json" || status=1
  "$bin/redocly" lint --config "$root/redocly.yaml" --format json \
    "$work/$document" >"$work/redocly.json" 2>"$work/redocly.stderr" || true
  report redocly "$document" "$work/redocly.json" || {
    [ $? = 2 ] && cat "$work/redocly.stderr"
    status=1
  }
done
exit $status
