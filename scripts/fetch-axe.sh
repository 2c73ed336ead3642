#!/usr/bin/env bash
# Fetches axe-core (the accessibility engine the end-to-end journeys inject into every
# screen) from the npm registry, checks it against the registry's published SHA-512, and
# prints the path of axe.min.js. Kept in ~/.cache so it is downloaded once per machine.
set -euo pipefail
AXE_VERSION=4.14.1
AXE_SHA512=FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
dest="${AXE_CACHE_DIR:-$HOME/.cache/companion/axe-core}"
if [ ! -f "$dest/axe.min.js" ] || [ "$(cat "$dest/VERSION" 2>/dev/null)" != "$AXE_VERSION" ]; then
  mkdir -p "$dest"
  tarball="$(mktemp)"
  trap 'rm -f "$tarball"' EXIT
  curl -fsSL --retry 3 "https://registry.npmjs.org/axe-core/-/axe-core-$AXE_VERSION.tgz" -o "$tarball"
  actual="$(python3 -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tarball")"
  if [ "$actual" != "$AXE_SHA512" ]; then
    echo "axe-core $AXE_VERSION: checksum mismatch ($actual)" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$dest" --strip-components=1 package/axe.min.js package/LICENSE
  echo "$AXE_VERSION" > "$dest/VERSION"
fi
echo "$dest/axe.min.js"
