#!/usr/bin/env bash
# Runs every test: formatting and lints (of the phone build too), the unit and end-to-end
# tests of every crate on SQLite (the app's journeys in headless Chromium among them), the
# phone build's journeys in WebKitGTK under Xvfb, the server and client
# suites again on a real PostgreSQL server, Spectral and Redocly over the OpenAPI document, and schemathesis against it. Installs what is missing when run as root on Debian (PostgreSQL,
# Chromium and chromedriver, WebKitGTK and WebKitWebDriver, Xvfb, Node.js and npm, schemathesis); otherwise says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

need_install=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_install+=(postgresql)
command -v curl >/dev/null || need_install+=(curl)
# The app's end-to-end journeys drive Debian's Chromium through chromedriver.
command -v chromium >/dev/null || need_install+=(chromium fonts-liberation)
command -v chromedriver >/dev/null || need_install+=(chromium-driver)
# The phone build (--features mobile) is Dioxus's WebView renderer over WebKitGTK; its
# journeys run under Xvfb through WebKitWebDriver.
pkg-config --exists webkit2gtk-4.1 2>/dev/null || need_install+=(libwebkit2gtk-4.1-dev pkg-config gstreamer1.0-gl gstreamer1.0-plugins-bad libgl1-mesa-dri)
[ -e /usr/lib/x86_64-linux-gnu/libxdo.so ] || need_install+=(libxdo-dev)
command -v WebKitWebDriver >/dev/null || need_install+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null || need_install+=(xvfb xauth)
# The OpenAPI linters (scripts/lint-openapi.sh) are npm packages.
command -v npm >/dev/null || need_install+=(nodejs npm)
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
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  # The mail tests' real SMTP server on loopback (crates/server/tests/smtp_sink.py).
  echo "== installing aiosmtpd (PyPI)"
  python3 -m pip install -q --disable-pip-version-check aiosmtpd
fi

echo "== axe-core (accessibility checks in the journeys)"
AXE_CORE_JS="$(scripts/fetch-axe.sh)"
export AXE_CORE_JS

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "== cargo clippy, the phone build"
cargo clippy -p companion --all-targets --features mobile --quiet -- -D warnings
echo "== the OpenAPI document passes Spectral and Redocly"
scripts/lint-openapi.sh
echo "== the phone build type-checks for Android and iOS"
bash scripts/check-phone-targets.sh
echo "== the README's run command from a fresh clone"
bash scripts/check-readme-run.sh
echo "== tests on SQLite"
cargo test --workspace
echo "== the phone build: its unit tests, and the journeys in its WebKitGTK WebView"
xvfb-run -a -s "-screen 0 1280x1024x24" cargo test -p companion --features mobile
echo "== the server and client suites again on PostgreSQL"
scripts/with-postgres.sh cargo test --workspace
echo "== schemathesis against the OpenAPI document"
scripts/schemathesis.sh "${SCHEMATHESIS_EXAMPLES:-60}"
echo "== all tests passed"
