#!/usr/bin/env bash
# Real-photo benchmark (numbers go to BENCHMARKS.md; nothing here asserts): ZXing's
# blackbox QR photos (test/samples/qrcode-1 … qrcode-6 of zxing-cpp's repository, 137
# photos with the expected text beside each) read by our still-image scanner
# (crates/scan/examples/photo_bench.rs) and by zxing-cpp's Python wheel, both compared
# with the expected text byte for byte. The photos are taken from zxing-cpp's repository
# at run time into a temp folder, never into ours.
# Usage: scripts/bench-photos.sh                 (clones zxing-cpp from GitHub, shallow)
#        ZXING_CPP_REPO=/path/to/zxing-cpp scripts/bench-photos.sh   (a checkout or a bare
#                                                  git directory already on this machine)
# Needs: git, python3 with zxing-cpp, numpy and Pillow (pip install zxing-cpp numpy pillow).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import zxingcpp, numpy, PIL' 2>/dev/null ||
  { echo "install the zxing-cpp wheel: pip install zxing-cpp numpy pillow"; exit 1; }
cargo build --release -q -p companion-scan --example photo_bench
bench=${CARGO_TARGET_DIR:-target}/release/examples/photo_bench
tmp=$(mktemp -d /tmp/companion-photo-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
repo=${ZXING_CPP_REPO:-}
if [ -z "$repo" ]; then
  repo=$tmp/zxing-cpp
  git clone -q --depth 1 --filter=blob:none --no-checkout https://github.com/zxing-cpp/zxing-cpp "$repo"
fi
git_dir=$(git -C "$repo" rev-parse --git-dir)
case $git_dir in /*) ;; *) git_dir=$repo/$git_dir ;; esac
commit=$(git --git-dir "$git_dir" rev-parse HEAD)
echo "== blackbox photos from zxing-cpp at $commit" >&2
raw=$tmp/raw
for set in qrcode-1 qrcode-2 qrcode-3 qrcode-4 qrcode-5 qrcode-6; do
  mkdir -p "$raw/$set"
  git --git-dir "$git_dir" ls-tree HEAD "test/samples/$set/" | while read -r _ _ sha path; do
    git --git-dir "$git_dir" cat-file blob "$sha" >"$raw/$set/${path##*/}"
  done
done
photos=$tmp/photos
# One PNG per photo (our reader has no WebP decoder; both decoders read the same PNGs).
python3 - "$raw" "$photos" <<'PY'
import os, shutil, sys
from PIL import Image
raw, out = sys.argv[1:]
for set_ in sorted(os.listdir(raw)):
    os.makedirs(os.path.join(out, set_))
    for name in os.listdir(os.path.join(raw, set_)):
        stem, ext = os.path.splitext(name)
        src = os.path.join(raw, set_, name)
        if ext == ".txt":
            shutil.copy(src, os.path.join(out, set_, name))
        elif ext in (".png", ".jpg", ".webp"):
            Image.open(src).convert("L").save(os.path.join(out, set_, stem + ".png"))
PY

echo "== companion-scan (still-image ladder, 200 ms budget)" >&2
taskset -c 0 "$bench" "$photos" >"$tmp/ours.tsv" 2>"$tmp/ours.sum"
echo "== zxing-cpp (Python wheel, QR only, one call per photo)" >&2
taskset -c 0 python3 - "$photos" >"$tmp/zxing.tsv" 2>"$tmp/zxing.sum" <<'PY'
import os, sys, time
import numpy as np, zxingcpp
from PIL import Image
root = sys.argv[1]
counts = {}
for set_ in sorted(os.listdir(root)):
    for name in sorted(os.listdir(os.path.join(root, set_))):
        stem, ext = os.path.splitext(name)
        if ext != ".png":
            continue
        expected = open(os.path.join(root, set_, stem + ".txt"), "rb").read()
        grey = np.asarray(Image.open(os.path.join(root, set_, name)).convert("L"))
        times = []
        for _ in range(3):
            start = time.perf_counter()
            found = zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)
            times.append((time.perf_counter() - start) * 1000)
        hit = expected in [r.bytes for r in found] or expected in [r.text.encode() for r in found]
        print(f"{set_}/{name}\t{int(hit)}\t{sorted(times)[1]:.1f}")
        hits, total = counts.get(set_, (0, 0))
        counts[set_] = (hits + hit, total + 1)
for set_, (hits, total) in counts.items():
    print(f"{set_}\t{hits}/{total}", file=sys.stderr)
print(f"all\t{sum(h for h, _ in counts.values())}/{sum(t for _, t in counts.values())}", file=sys.stderr)
PY

echo
echo "| set | photos | companion-scan | zxing-cpp |"
echo "|---|---|---|---|"
join -t $'\t' <(sort "$tmp/ours.sum") <(sort "$tmp/zxing.sum") | sort -k1,1 -t $'\t' -s | awk -F'\t' '$1 != "all"; $1 == "all" { last = $0 } END { print last }' | while IFS=$'\t' read -r set ours zxing; do
  echo "| $set | ${ours#*/} | ${ours%/*} | ${zxing%/*} |"
done
median() { cut -f3 "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo
echo "median ms per photo: companion-scan $(median "$tmp/ours.tsv"), zxing-cpp $(median "$tmp/zxing.tsv")"
echo
echo "read by zxing-cpp, not by companion-scan:"
join -t $'\t' <(sort "$tmp/ours.tsv") <(sort "$tmp/zxing.tsv") | awk -F'\t' '$2 == 0 && $4 == 1 { print "  " $1 }'
echo "read by companion-scan, not by zxing-cpp:"
join -t $'\t' <(sort "$tmp/ours.tsv") <(sort "$tmp/zxing.tsv") | awk -F'\t' '$2 == 1 && $4 == 0 { print "  " $1 }'
