#!/usr/bin/env bash
# Runs every test: formatting and lints, the unit and end-to-end tests of every crate on
# SQLite (the app's journeys in headless Chromium among them), the server and client
# suites again on a real PostgreSQL server, and schemathesis over the OpenAPI document. Installs what is missing when run as root on Debian (PostgreSQL,
# Chromium and chromedriver, schemathesis); otherwise says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

need_install=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_install+=(postgresql)
command -v curl >/dev/null || need_install+=(curl)
# The app's end-to-end journeys drive Debian's Chromium through chromedriver.
command -v chromium >/dev/null || need_install+=(chromium fonts-liberation)
command -v chromedriver >/dev/null || need_install+=(chromium-driver)
if [ ${#need_install[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing ${need_install[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_install[@]}" >/dev/null
  else
    echo "Please install: ${need_install[*]} (Debian packages)"; exit 1
  fi
fi
if ! command -v st >/dev/null; then
  echo "== installing schemathesis (PyPI)"
  python3 -m pip install -q --disable-pip-version-check schemathesis
fi

echo "== axe-core (accessibility checks in the journeys)"
AXE_CORE_JS="$(scripts/fetch-axe.sh)"
export AXE_CORE_JS

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "== the README's run command from a fresh clone"
bash scripts/check-readme-run.sh
echo "== tests on SQLite"
cargo test --workspace
echo "== the server and client suites again on PostgreSQL"
scripts/with-postgres.sh cargo test --workspace
echo "== schemathesis against the OpenAPI document"
scripts/schemathesis.sh "${SCHEMATHESIS_EXAMPLES:-60}"
echo "== all tests passed"
