#!/usr/bin/env bash
# Phone binary size (numbers go to BENCHMARKS.md, "Phone binary size"; nothing here asserts).
# Builds the phone binary (`--no-default-features --features mobile`: on Linux the x86_64
# stand-in for the Android/iOS library) with the release profile and with the dist profile
# the packages are made with (Cargo.toml), and prints both sizes, raw and gzipped (gzip -9:
# about what an .apk's zip or the store's download compression gets). The release binary
# is stripped with `strip` first, so the comparison is not of symbol tables.
#
# With --speed, also checks that dist is not slower, release and dist built from the same
# sources and run alternately in one run:
#  - the live scanner per frame (crates/scan/examples/live_bench.rs, the clips of
#    scripts/bench-live-scan.sh, 30 ms budget, pinned to core 0), twice each;
#  - the phone sync benchmark (crates/client/examples/sync_bench.rs), twice each.
# Usage: scripts/measure-dist-size.sh [--speed]
# The dist build (fat LTO, one codegen unit) takes several minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
speed=false
case "${1:-}" in
  "") ;;
  --speed) speed=true ;;
  *) echo "usage: $0 [--speed]" >&2; exit 2 ;;
esac
target=${CARGO_TARGET_DIR:-target}
phone=(--no-default-features --features mobile --bin companion)
work=$(mktemp -d /tmp/companion-dist-size.XXXXXX)
trap 'rm -rf "$work"' EXIT

for profile in release dist; do
  echo "== building the phone binary ($profile)" >&2
  if [ "$profile" = dist ]; then
    # As the packages are built (README.md): the phone's trimmed SQLite.
    (. scripts/phone-sqlite-flags.sh && cargo build -q --profile "$profile" "${phone[@]}")
  else
    cargo build -q --profile "$profile" "${phone[@]}"
  fi
done
strip -o "$work/release" "$target/release/companion"
cp "$target/dist/companion" "$work/dist"

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
echo
echo "### Phone binary (x86_64 Linux stand-in), bytes"
echo "| profile | raw | gzip -9 |"
echo "|---|---|---|"
for profile in release dist; do
  raw=$(stat -c %s "$work/$profile")
  gz=$(gzip -9c "$work/$profile" | wc -c)
  eval "${profile}_raw=$raw ${profile}_gz=$gz"
  label=$profile
  [ "$profile" = release ] && label="release, stripped"
  echo "| $label | $raw ($(mib "$raw")) | $gz ($(mib "$gz")) |"
done
awk -v r="$release_raw" -v d="$dist_raw" -v rg="$release_gz" -v dg="$dist_gz" \
  'BEGIN { printf "| ratio dist / release | %.3f | %.3f |\n", d / r, dg / rg }'

$speed || exit 0

echo "== building the benchmarks (release, dist)" >&2
for profile in release dist; do
  cargo build -q --profile "$profile" -p companion-scan --example live_bench
  if [ "$profile" = dist ]; then
    (. scripts/phone-sqlite-flags.sh && cargo build -q --profile dist -p companion-client --example sync_bench)
  else
    cargo build -q --profile release -p companion-client --example sync_bench
  fi
done

clips=$work/clips
echo "== generating clips" >&2
"$target/release/examples/live_bench" generate "$clips"
# Alternating, so a change in the machine's load falls on both profiles.
for round in 1 2; do
  for profile in release dist; do
    echo "== live scanner, $profile, round $round" >&2
    taskset -c 0 "$target/$profile/examples/live_bench" live "$clips" >"$work/live-$profile-$round.tsv"
  done
done
echo
echo "### Live scanner per frame (30 ms budget, core 0)"
"$target/release/examples/live_bench" report "$clips" \
  "release 1=$work/live-release-1.tsv" "dist 1=$work/live-dist-1.tsv" \
  "release 2=$work/live-release-2.tsv" "dist 2=$work/live-dist-2.tsv"
# Column 5 of the replay is the decoding thread's CPU time for the frame: the time the code
# took, where wall time also holds waiting for the core.
stats() {
  cut -f5 "$@" | sort -n | awk '{ v[NR] = $1; s += $1 }
    END { printf "%.3f %.3f %.3f", v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.5)], s / NR }'
}
read -r rmed rp90 rmean <<<"$(stats "$work"/live-release-*.tsv)"
read -r dmed dp90 dmean <<<"$(stats "$work"/live-dist-*.tsv)"
echo
echo "| CPU ms per frame, both rounds | median | p90 | mean |"
echo "|---|---|---|---|"
echo "| release | $rmed | $rp90 | $rmean |"
echo "| dist | $dmed | $dp90 | $dmean |"
awk -v a="$rmed" -v b="$dmed" -v c="$rp90" -v d="$dp90" -v e="$rmean" -v f="$dmean" \
  'BEGIN { printf "| ratio dist / release | %.3f | %.3f | %.3f |\n", b / a, d / c, f / e }'

for round in 1 2; do
  for profile in release dist; do
    echo
    echo "### Sync benchmark, $profile, round $round"
    "$target/$profile/examples/sync_bench"
  done
done
