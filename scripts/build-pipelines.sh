#!/usr/bin/env bash
# Builds the project's itk-wasm pipelines (pipelines/<name>/<name>.cpp, ITK
# filters) with emscripten against the ITK built by scripts/build-itk-wasm.sh,
# into the layout the packaged @itk-wasm pipelines use:
#
#   public/pipelines/<name>.js        ES module, default export = module factory
#   public/pipelines/<name>.wasm.zst  zstd -19 compressed WebAssembly
#
# loadable by itk-wasm's runPipeline (browser, base URL `${origin}/pipelines`)
# and runPipelineNode('public/pipelines/<name>', ...).
#
# Needs Debian's `emscripten` (3.1.6) and `zstd` packages and the cached ITK:
#   apt-get install -y emscripten zstd && bash scripts/build-itk-wasm.sh
# ITK_WASM_PREFIX overrides where that ITK is installed.
# Usage: scripts/build-pipelines.sh [name ...]
#   (default: every pipeline listed in pipelines/pipelines.json, the one list
#   of the project's own pipelines that the app and the tests read too)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/pipelines"
OUT="$ROOT/public/pipelines"

for tool in emcc zstd node; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-pipelines: '$tool' not found (apt-get install -y emscripten zstd)" >&2
    exit 1
  fi
done

if [ "$#" -gt 0 ]; then
  PIPELINES=("$@")
else
  mapfile -t PIPELINES < <(node -e 'for (const name of require(process.argv[1])) console.log(name)' "$SRC/pipelines.json")
  if [ "${#PIPELINES[@]}" -eq 0 ]; then
    echo "build-pipelines: no pipeline listed in $SRC/pipelines.json" >&2
    exit 1
  fi
fi
# Debian's emcc runs its JS optimiser with node and needs the Debian node
# modules (acorn) on NODE_PATH.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
# Wrappers (emcc / em++) print "emcc: warning: ..." for cache notes; keep quiet.
export EMCC_LOGGING=0

# The ITK of scripts/build-itk-wasm.sh (same cache root and key).
ITK_PREFIX="${ITK_WASM_PREFIX:-${ITK_WASM_CACHE:-$HOME/.cache/ct-viewer/itk-wasm}/itk-5.2.1-emscripten-3.1.6}"
ITK_INCLUDE="$ITK_PREFIX/include/ITK-5.2"
if [ ! -f "$ITK_PREFIX/.installed" ] || [ ! -f "$ITK_INCLUDE/itkImage.h" ]; then
  echo "build-pipelines: no ITK for WebAssembly in $ITK_PREFIX; run: bash scripts/build-itk-wasm.sh" >&2
  exit 1
fi
# wasm-ld resolves archives in any order and takes only the objects a pipeline uses.
mapfile -t ITK_LIBRARIES < <(find "$ITK_PREFIX/lib" -maxdepth 1 -name '*.a' | sort)

BUILD="$(mktemp -d "${TMPDIR:-/tmp}/itk-wasm-pipelines.XXXXXX")"
trap 'rm -rf "$BUILD"' EXIT

# -fwasm-exceptions as in the ITK build: ITK reports errors by throwing (see pipelines/common/itk_run.h).
# ITK's headers are system headers here: their warnings are not the pipelines'.
CXXFLAGS=(
  -O3 -std=c++17 -msimd128 -fwasm-exceptions
  -Wall -Wextra
  -isystem "$ITK_INCLUDE"
)
EXPORTED_FUNCTIONS='["_main","_malloc","_free","_itk_wasm_input_array_alloc","_itk_wasm_input_json_alloc","_itk_wasm_output_json_address","_itk_wasm_output_json_size","_itk_wasm_output_array_address","_itk_wasm_output_array_size","_itk_wasm_free_all"]'
EXPORTED_RUNTIME_METHODS='["callMain","ccall","cwrap","stackSave","stackRestore","lengthBytesUTF8","stringToUTF8","UTF8ToString","writeArrayToMemory","FS"]'
LDFLAGS=(
  -O3 -msimd128 -fwasm-exceptions
  -sMODULARIZE=1 -sEXPORT_ES6=1
  -sENVIRONMENT=web,worker,node
  -sINVOKE_RUN=0 -sEXIT_RUNTIME=0
  -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sABORTING_MALLOC=0
  -sFORCE_FILESYSTEM=1 -lnodefs.js
  -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0
  "-sEXPORTED_FUNCTIONS=$EXPORTED_FUNCTIONS"
  "-sEXPORTED_RUNTIME_METHODS=$EXPORTED_RUNTIME_METHODS"
  --pre-js "$SRC/common/pre.js"
  --post-js "$SRC/common/post.js"
)

start=$(date +%s)
COMMON_OBJECTS=()
# The front end shared by every pipeline (pipelines/common, one unit per concept; see pipeline.h).
for unit in memory_io image exit_codes pipeline_args interface_json input_image output_image pipeline; do
  em++ "${CXXFLAGS[@]}" -c "$SRC/common/$unit.cpp" -o "$BUILD/$unit.o"
  COMMON_OBJECTS+=("$BUILD/$unit.o")
done

mkdir -p "$OUT"
for name in "${PIPELINES[@]}"; do
  if [ ! -f "$SRC/$name/$name.cpp" ]; then
    echo "build-pipelines: no $SRC/$name/$name.cpp" >&2
    exit 1
  fi
done

build_pipeline() {
  local name="$1" export_name
  # EXPORT_NAME: camelCase of the pipeline name, like the packaged pipelines
  export_name="$(echo "$name" | sed -E 's/-([a-z])/\U\1/g')"
  em++ "${CXXFLAGS[@]}" -c "$SRC/$name/$name.cpp" -o "$BUILD/$name.o"
  em++ "${LDFLAGS[@]}" "-sEXPORT_NAME=$export_name" \
    "$BUILD/$name.o" "${COMMON_OBJECTS[@]}" "${ITK_LIBRARIES[@]}" -o "$BUILD/$name.js"
  node "$SRC/common/finalize-module.mjs" "$BUILD/$name.js" "$OUT/$name.js"
  zstd -19 -q -f "$BUILD/$name.wasm" -o "$OUT/$name.wasm.zst"
  chmod 644 "$OUT/$name.js" "$OUT/$name.wasm.zst"  # zstd keeps the .wasm's executable bit
  printf 'build-pipelines: %-26s js %7d B  wasm %8d B  wasm.zst %7d B\n' "$name" \
    "$(wc -c <"$OUT/$name.js")" "$(wc -c <"$BUILD/$name.wasm")" "$(wc -c <"$OUT/$name.wasm.zst")"
}

# Each pipeline instantiates ITK's filter templates for every pixel type: compile them in parallel.
JOBS="${PIPELINE_JOBS:-$(nproc)}"
failed=0
running=0
for name in "${PIPELINES[@]}"; do
  build_pipeline "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
if [ "$failed" -ne 0 ]; then
  echo "build-pipelines: a pipeline failed to build (see above)" >&2
  exit 1
fi
# Each module's --interface-json, written beside it: the pipelines panel builds its forms from these
# files, so opening it loads no module until one is run.
node "$SRC/common/write-interface-json.mjs" "$OUT" "${PIPELINES[@]}"
echo "build-pipelines: done in $(( $(date +%s) - start )) s -> $OUT"
