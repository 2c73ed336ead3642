#!/usr/bin/env bash
# Device-ID scanning benchmark (numbers go to BENCHMARKS.md; nothing here asserts).
#  1. Generates the hard set (1280x720 camera-like frames, fixed seed) into a temp folder.
#  2. Reads every frame with companion-scan on one core (picture decoding not timed).
#  3. Reads the same files with zbarimg (Debian zbar-tools) and with our own CLI, one
#     process per file, timed from the outside (process start and picture decoding included).
#  4. Prints the table: read rate, misreads, false IDs, median and p90 milliseconds.
# Usage: scripts/bench-scan.sh [KEEP_DIR]   (the frames are deleted unless a folder is given)
#        SCAN_BENCH_SEED=7 scripts/bench-scan.sh   (a fresh set: the ladder was tuned on the
#                                                   default one, so check it generalises)
#        PROFILE=dist scripts/bench-scan.sh        (built with another Cargo profile than
#                                                   release, e.g. the phone's)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v zbarimg >/dev/null || { echo "install zbarimg (Debian package zbar-tools)"; exit 1; }
profile=${PROFILE:-release}
cargo build --profile "$profile" -q -p companion-scan --bin scan-device-id --example scan_bench
target=${CARGO_TARGET_DIR:-target}/$profile
if [ $# -ge 1 ]; then work=$1; mkdir -p "$work"; else
  work=$(mktemp -d /tmp/companion-scan-bench.XXXXXX); trap 'rm -rf "$work"' EXIT; fi
set_dir=$work/frames
rm -rf "$set_dir"

echo "== generating the set in $set_dir" >&2
"$target/examples/scan_bench" generate "$set_dir" ${SCAN_BENCH_SEED:+"$SCAN_BENCH_SEED"}

echo "== companion-scan (library, one core)" >&2
taskset -c 0 "$target/examples/scan_bench" measure "$set_dir" >"$work/ours.tsv"

# One process per file, as zbarimg is used; prints `file \t first payload \t ms`.
per_process() {
  local label=$1; shift
  echo "== $label (one process per file, one core)" >&2
  cut -f1 "$set_dir/manifest.tsv" | while read -r name; do
    local start end out
    start=$(date +%s%N)
    out=$(taskset -c 0 "$@" "$set_dir/$name" 2>/dev/null | head -n 1 || true)
    end=$(date +%s%N)
    printf '%s\t%s\t%s\n' "$name" "${out:-ERROR:none}" \
      "$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e6 }')"
  done
}
per_process zbarimg zbarimg --quiet --raw >"$work/zbar.tsv"
per_process scan-device-id sh -c '"$0" "$1" | cut -f2' "$target/scan-device-id" >"$work/cli.tsv"

echo
echo "### Library call vs zbarimg"
"$target/examples/scan_bench" report "$set_dir" "$work/ours.tsv" "$work/zbar.tsv"
echo
echo "### Whole process per file: scan-device-id vs zbarimg"
"$target/examples/scan_bench" report "$set_dir" "$work/cli.tsv" "$work/zbar.tsv" | grep -E '^\|(---| set | all | qr )'
