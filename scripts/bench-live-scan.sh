#!/usr/bin/env bash
# Live-scanning benchmark (numbers go to BENCHMARKS.md; nothing here asserts).
#  1. Generates clips (crates/scan/examples/live_bench.rs): a device-ID label coming into
#     view as the phone is brought closer, clips without a code and clips of other codes;
#     then 12 shaky-hand clips (motion blur, partial entry, steep tilt, low light, glare,
#     focus hunting) and one without a code over dense print; each as a y4m video and as
#     one PNG per frame.
#  2. Replays each clip through companion-scan's LiveScanner (one per clip, 30 ms budget)
#     and reads the same frames one by one with the still-image ladder (200 ms budget),
#     zbarimg (Debian zbar-tools, one process per frame) and zxing-cpp (the PyPI wheel,
#     in one Python process, picture loading not timed). All pinned to core 0.
#  3. Again as a slow-phone stand-in: core 0 limited to a quarter of its time by a CPU
#     quota, the live scanner's budget scaled ×4 (120 ms), the ladder at its usual 200 ms.
#  4. Prints the tables, for the approach clips and the shaky-hand clips apart: first frame
#     read per clip, later / earlier than zbarimg, decode time per frame, CPU time until the
#     first read, misreads and false IDs.
# Usage: scripts/bench-live-scan.sh [KEEP_DIR]     (clips are deleted unless a folder is given)
#        LIVE_BENCH_SEED=7 scripts/bench-live-scan.sh   (fresh clips from another seed)
#        PROFILE=dist scripts/bench-live-scan.sh         (built with another Cargo profile
#                                                          than release, e.g. the phone's)
# Needs: zbarimg (apt-get install zbar-tools), python3 with zxing-cpp, numpy and Pillow
# (pip install zxing-cpp numpy pillow); the quota needs root (systemd-run, or a cgroup).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v zbarimg >/dev/null || { echo "install zbarimg (Debian package zbar-tools)"; exit 1; }
python3 -c 'import zxingcpp, numpy, PIL' 2>/dev/null ||
  { echo "install the zxing-cpp wheel: pip install zxing-cpp numpy pillow"; exit 1; }
profile=${PROFILE:-release}
cargo build --profile "$profile" -q -p companion-scan --bin scan-device-id --example live_bench
target=${CARGO_TARGET_DIR:-target}/$profile
bench=$target/examples/live_bench
group=
cleanup() {
  if [ -n "$group" ]; then rmdir "$group" 2>/dev/null || true; fi
  if [ -n "${tmp:-}" ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT
if [ $# -ge 1 ]; then work=$1; mkdir -p "$work"; else tmp=$(mktemp -d /tmp/companion-live-bench.XXXXXX); work=$tmp; fi
clips=$work/clips
rm -rf "$clips"

echo "== generating clips in $clips" >&2
"$bench" generate "$clips" ${LIVE_BENCH_SEED:+"$LIVE_BENCH_SEED"}

echo "== live scanner (30 ms budget)" >&2
taskset -c 0 "$bench" live "$clips" >"$work/live.tsv"
echo "== still-image ladder (200 ms budget)" >&2
taskset -c 0 "$bench" ladder "$clips" >"$work/ladder.tsv"

echo "== zbarimg (one process per frame)" >&2
while IFS=$'\t' read -r clip frame _; do
  start=$(date +%s%N)
  out=$(taskset -c 0 zbarimg --quiet --raw "$clips/$clip/$(printf %04d "$frame").png" 2>/dev/null | head -n 1 || true)
  end=$(date +%s%N)
  ms=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e6 }')
  printf '%s\t%s\t%s\t%s\t%s\n' "$clip" "$frame" "${out:--}" "$ms" "$ms"
done <"$clips/frames.tsv" >"$work/zbar.tsv"

echo "== zxing-cpp (Python wheel, one call per frame)" >&2
taskset -c 0 python3 - "$clips" >"$work/zxing.tsv" <<'PY'
import os, sys, time
import numpy as np
import zxingcpp
from PIL import Image
clips = sys.argv[1]
for line in open(os.path.join(clips, "frames.tsv")):
    clip, frame = line.split("\t")[:2]
    grey = np.asarray(Image.open(os.path.join(clips, clip, "%04d.png" % int(frame))).convert("L"))
    wall, cpu = time.perf_counter(), time.thread_time()
    found = zxingcpp.read_barcodes(grey)
    wall, cpu = (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000
    text = " ".join(found[0].text.split()) if found and found[0].text else "-"
    print(f"{clip}\t{frame}\t{text}\t{wall:.2f}\t{cpu:.2f}")
PY

# Runs "$@" on core 0 with a quarter of its time: systemd-run's CPUQuota where systemd runs,
# else a cgroup made by hand (v2 cpu.max or v1 cfs quota). The period is short (8 ms) so a
# pass is slowed evenly, as on a slower core, rather than run at full speed then paused.
quarter_core() {
  if systemd-run --scope -q -p CPUQuota=25% true 2>/dev/null; then
    systemd-run --scope -q -p CPUQuota=25% -p CPUQuotaPeriodSec=8ms taskset -c 0 "$@"
    return
  fi
  if [ -z "$group" ]; then
    if grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
      group=/sys/fs/cgroup/companion-live-bench
      mkdir -p "$group" && echo "2000 8000" >"$group/cpu.max"
    elif [ -d /sys/fs/cgroup/cpu ]; then
      group=/sys/fs/cgroup/cpu/companion-live-bench
      mkdir -p "$group" && echo 8000 >"$group/cpu.cfs_period_us" && echo 2000 >"$group/cpu.cfs_quota_us"
    else
      echo "no way to set a CPU quota here (no systemd, no writable cgroup)" >&2; return 1
    fi
  fi
  local tasks=$group/cgroup.procs
  [ -e "$tasks" ] || tasks=$group/tasks
  sh -c 'echo $$ >"$1"; shift; exec taskset -c 0 "$@"' sh "$tasks" "$@"
}
echo "== slow-phone stand-in: a quarter of core 0 (live 120 ms budget, ladder 200 ms)" >&2
quarter_core "$bench" live "$clips" 120 >"$work/live-slow.tsv"
quarter_core "$bench" ladder "$clips" 200 >"$work/ladder-slow.tsv"

echo
echo "### One core, full speed"
"$bench" report "$clips" "live scanner=$work/live.tsv" "still ladder=$work/ladder.tsv" \
  "zbarimg=$work/zbar.tsv" "zxing-cpp=$work/zxing.tsv"
echo
echo "### A quarter of one core (slow-phone stand-in)"
"$bench" report "$clips" "live scanner, 120 ms=$work/live-slow.tsv" "still ladder, 200 ms=$work/ladder-slow.tsv"
