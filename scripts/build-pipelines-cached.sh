#!/usr/bin/env bash
# CI's build of the WASM pipelines: scripts/build-pipelines.sh, its outputs (public/pipelines/*)
# cached per machine under a key of everything they are compiled from: the pipelines' sources, the
# build script, the ITK build's stamp (its version and options), and the emcc, zstd and node
# versions. A change to any of them builds anew, so the tests always run on what the sources of the
# commit compile to; an unchanged tree takes the outputs of the last build instead of about 90 s.
#
# Environment: PIPELINES_CACHE (default ~/.cache/ct-viewer/pipelines), and ITK_WASM_PREFIX /
# ITK_WASM_CACHE as for build-pipelines.sh. PIPELINES_CACHE=off builds without the cache.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/public/pipelines"
CACHE_ROOT="${PIPELINES_CACHE:-$HOME/.cache/ct-viewer/pipelines}"
if [ "$CACHE_ROOT" = off ]; then
  exec bash "$ROOT/scripts/build-pipelines.sh"
fi
ITK_PREFIX="${ITK_WASM_PREFIX:-${ITK_WASM_CACHE:-$HOME/.cache/ct-viewer/itk-wasm}/itk-5.2.1-emscripten-3.1.6}"
if [ ! -f "$ITK_PREFIX/.installed" ]; then
  echo "build-pipelines-cached: no ITK for WebAssembly in $ITK_PREFIX; run: bash scripts/build-itk-wasm.sh" >&2
  exit 1
fi

key="$(
  cd "$ROOT"
  {
    find pipelines scripts/build-pipelines.sh -type f -print0 | sort -z | xargs -0 sha256sum
    cat "$ITK_PREFIX/.installed"
    NODE_PATH=/usr/share/nodejs emcc --version 2>/dev/null | head -n 1
    zstd --version
    node --version
  } | sha256sum | cut -c1-32
)"
entry="$CACHE_ROOT/$key"

if [ -f "$entry/.complete" ]; then
  rm -rf "$OUT"
  mkdir -p "$OUT"
  cp -p "$entry/files/." "$OUT/" -R
  echo "build-pipelines-cached: $(find "$OUT" -type f | wc -l) files from the cache ($entry)"
  exit 0
fi

bash "$ROOT/scripts/build-pipelines.sh"
mkdir -p "$CACHE_ROOT"
partial="$(mktemp -d "$CACHE_ROOT/.partial.XXXXXX")"
cp -pR "$OUT/." "$partial/files"
touch "$partial/.complete"
rm -rf "$entry"
mv "$partial" "$entry"
# The five newest builds are kept: a machine switching between branches rebuilds less often.
find "$CACHE_ROOT" -mindepth 1 -maxdepth 1 -type d ! -name '.partial.*' -printf '%T@ %p\n' | sort -rn | tail -n +6 |
  cut -d' ' -f2- | while read -r old; do rm -rf "$old"; done
echo "build-pipelines-cached: stored in $entry"
