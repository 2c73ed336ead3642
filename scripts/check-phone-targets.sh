#!/usr/bin/env bash
# Compile check of the phone build for Android and iOS (`cargo check`, nothing linked or
# run). These machines have no Android NDK or Apple SDK, so the C that some dependencies
# build (ring, SQLite) is compiled by Zig (PyPI `ziglang`) against musl / macOS headers
# instead of bionic / the iOS SDK: good enough to type-check every Rust line of ours for
# those targets, not a build. Fails on any warning in our own code. Skips, saying so, when
# the targets' standard libraries cannot be downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(aarch64-linux-android aarch64-apple-ios)
if ! rustup target add "${targets[@]}" >/dev/null 2>&1; then
  echo "SKIPPED: rustup cannot download the standard library for ${targets[*]}"
  exit 0
fi
python3 -m ziglang version >/dev/null 2>&1 ||
  python3 -m pip install -q --disable-pip-version-check ziglang

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
# cc-rs passes its own --target=…, OS version floors and an SDK root; Zig takes the target
# as -target and brings its own headers.
make_cc() {
  cat >"$tools/cc-$1" <<SCRIPT
#!/usr/bin/env bash
args=()
skip=0
for a in "\$@"; do
  if [ \$skip = 1 ]; then skip=0; continue; fi
  case "\$a" in
    --target=*|-m*version-min=*) ;;
    -isysroot) skip=1 ;;
    *) args+=("\$a") ;;
  esac
done
exec python3 -m ziglang cc -target $2 "\${args[@]}"
SCRIPT
  chmod +x "$tools/cc-$1"
}
make_cc android aarch64-linux-musl
make_cc ios "aarch64-macos -I$tools/apple"
# The two unified-log headers tracing-oslog's C wrapper includes are in the iOS SDK only;
# declarations are all a compile check needs.
mkdir -p "$tools/apple/os"
cat >"$tools/apple/os/log.h" <<'HEADER'
typedef void *os_log_t;
typedef unsigned char os_log_type_t;
#define OS_LOG_DEFAULT ((os_log_t)0)
#define os_log_with_type(log, type, format, ...) ((void)(log), (void)(type))
HEADER
: >"$tools/apple/os/activity.h"
printf '#!/bin/sh\nexec python3 -m ziglang ar "$@"\n' >"$tools/ar"
chmod +x "$tools/ar"

status=0
for target in "${targets[@]}"; do
  case "$target" in *android*) cc="$tools/cc-android" ;; *) cc="$tools/cc-ios" ;; esac
  env_target=${target//-/_}
  log="$tools/$target.log"
  echo "== cargo check --no-default-features --features mobile --target $target"
  # cc-rs asks xcrun for the Apple SDK unless SDKROOT names one; Zig brings its own headers.
  if ! env "CC_$env_target=$cc" "AR_$env_target=$tools/ar" SDKROOT="$tools" \
      cargo check -p companion --no-default-features --features mobile --target "$target" --message-format short \
      >"$log" 2>&1; then
    grep -E "error" "$log" | head -40
    status=1
    continue
  fi
  # Warnings in our code (not in dependencies, the vendored renderer included).
  if grep -E "^(src|crates)/[^:]+:[0-9]+:[0-9]+: warning" "$log"; then
    status=1
  fi
done
exit $status
