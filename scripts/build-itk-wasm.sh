#!/usr/bin/env bash
# Builds the ITK C++ library for WebAssembly, once per machine, for the project's
# pipelines (pipelines/, compiled by scripts/build-pipelines.sh against it).
#
#   source:    Debian's `insighttoolkit5` source package (ITK 5.2.1), fetched with
#              `apt-get source` (a deb-src entry for the Debian archive is added when missing)
#   toolchain: Debian's `emscripten` (3.1.6), through `emcmake cmake`
#   result:    static libraries + headers installed in
#              ${ITK_WASM_CACHE:-$HOME/.cache/ct-viewer/itk-wasm}/itk-5.2.1-emscripten-3.1.6/
#              (outside git; the key names both versions, so another ITK or emscripten
#              gets its own directory). A stamp file written after a successful install
#              makes a second run a no-op; it holds the configuration below, so a change
#              to the options rebuilds.
#
# Needs: apt-get install -y emscripten cmake ninja-build dpkg-dev
# Environment:
#   ITK_WASM_CACHE       cache root (default ~/.cache/ct-viewer/itk-wasm)
#   ITK_SOURCE_DIR       an already unpacked insighttoolkit5-5.2.1 tree (skips apt-get source)
#   ITK_WASM_JOBS        parallel compile jobs (default: number of cores)
#   ITK_WASM_NICE        nice level of the build (default 0)
#
# Only the modules the pipelines use are built (ITK_BUILD_DEFAULT_MODULES=OFF; CMake adds the
# modules they depend on: ITKCommon with VNL, Eigen3, KWSys, DoubleConversion, ITKTransform,
# ITKImageFunction, ITKFiniteDifference, ITKNetlib, ...), no IO module: the pipelines receive and
# return images through the itk-wasm memory ABI (pipelines/common), never through files. (ITK's
# MetaIO and zlib libraries are built because ITKThresholding compile-depends on ITKImageStatistics,
# which needs ITKSpatialObjects, which needs them; no pipeline links them.)
#
# Options ITK 5.2.1 needs with emscripten 3.1.6, and why:
# - CMAKE_CROSSCOMPILING_EMULATOR="node;--no-experimental-fetch": CMake runs the try_run checks of
#   ITK's configure (VNL, KWSys) through node; emscripten 3.1.6's loader uses `fetch` when it
#   exists, and Node 20's fetch cannot read a file path ("Failed to parse URL"), so the check
#   programs would all fail to start and the configure would record wrong platform answers.
# - -fwasm-exceptions (C and C++ flags, and the same for every pipeline): ITK reports every error by
#   throwing itk::ExceptionObject. Emscripten's default (exception catching disabled) turns each
#   throw into an abort of the whole module; WebAssembly exception handling lets the pipeline catch
#   it and return the message through the ABI, at no cost when nothing is thrown (JavaScript-based
#   exceptions, -fexceptions, would route every call through JavaScript trampolines).
# - -msimd128: lets clang vectorise ITK's loops; the pipelines are built with it too.
# - NO_FLOAT_EXCEPTIONS=ON: itkFloatingPointExceptions cannot trap on WebAssembly (no fenv traps);
#   ITK-Wasm sets the same.
# - ITKGroup_Core=OFF: the Core group is ON by default even with ITK_BUILD_DEFAULT_MODULES=OFF, and
#   it brings ITKTestKernel, which needs every image and mesh IO module (GDCM, TIFF, PNG, ...).
# - DO_NOT_BUILD_ITK_TEST_DRIVER=ON, BUILD_TESTING=OFF, BUILD_EXAMPLES=OFF: no test programs.
# - ITK_DYNAMIC_LOADING=OFF: no dlopen in a static WebAssembly module (no object factories loaded
#   at run time).
# - Threads: no pthread build. ITK 5.2.1 already selects its Platform threader under __EMSCRIPTEN__
#   (itkMultiThreaderBase.cxx) and does not enable ITK_USE_PTHREADS (Modules/Core/Common/CMakeLists
#   .txt), so filters run on the calling thread. A pthread build would need SharedArrayBuffer, i.e.
#   cross-origin isolation headers on every server that hosts the app, and the pipelines already
#   run in a worker off the UI thread.
# - ITK_LEGACY_REMOVE=ON: leaves out deprecated API (smaller, and new code cannot depend on it).
# Source patches (beyond Debian's own debian/patches, which apt-get source applies), made by
# patch_source below, idempotent (a marker line), in the unpacked source:
# - Modules/Core/Common/src/itkFloatingPointExceptions_unix.cxx: under __EMSCRIPTEN__ ITK 5.2.1
#   takes its no-op feenableexcept path but still names FE_DIVBYZERO and FE_INVALID, which
#   emscripten 3.1.6's fenv.h does not define (it has FE_ALL_EXCEPT 0 only): "use of undeclared
#   identifier 'FE_DIVBYZERO'". The patch defines both as 0 when missing, on that path only.
set -euo pipefail

ITK_VERSION=5.2.1
ITK_SERIES=5.2
EMSCRIPTEN_VERSION=3.1.6
CACHE_ROOT="${ITK_WASM_CACHE:-$HOME/.cache/ct-viewer/itk-wasm}"
KEY="itk-${ITK_VERSION}-emscripten-${EMSCRIPTEN_VERSION}"
PREFIX="$CACHE_ROOT/$KEY"
STAMP="$PREFIX/.installed"
JOBS="${ITK_WASM_JOBS:-$(nproc)}"
NICE="${ITK_WASM_NICE:-0}"

MODULES=(
  ITKCommon ITKImageFilterBase ITKImageGrid ITKImageFunction ITKTransform
  ITKSmoothing ITKRegionGrowing ITKThresholding
  ITKMathematicalMorphology ITKBinaryMathematicalMorphology ITKConnectedComponents
  ITKAnisotropicSmoothing ITKImageStatistics ITKStatistics
)
FLAGS="-msimd128 -fwasm-exceptions"
CMAKE_OPTIONS=(
  -G Ninja
  -DCMAKE_BUILD_TYPE:STRING=Release
  -DCMAKE_INSTALL_PREFIX:PATH="$PREFIX"
  -DCMAKE_CXX_STANDARD:STRING=17
  "-DCMAKE_C_FLAGS:STRING=$FLAGS"
  "-DCMAKE_CXX_FLAGS:STRING=$FLAGS"
  "-DCMAKE_CROSSCOMPILING_EMULATOR:STRING=node;--no-experimental-fetch"
  -DBUILD_SHARED_LIBS:BOOL=OFF
  -DBUILD_TESTING:BOOL=OFF
  -DBUILD_EXAMPLES:BOOL=OFF
  -DDO_NOT_BUILD_ITK_TEST_DRIVER:BOOL=ON
  -DITK_BUILD_DEFAULT_MODULES:BOOL=OFF
  -DITKGroup_Core:BOOL=OFF
  -DITK_WRAPPING:BOOL=OFF
  -DITK_DYNAMIC_LOADING:BOOL=OFF
  -DITK_LEGACY_REMOVE:BOOL=ON
  -DNO_FLOAT_EXCEPTIONS:BOOL=ON
)
for module in "${MODULES[@]}"; do CMAKE_OPTIONS+=("-DModule_${module}:BOOL=ON"); done
CONFIG="$KEY ${CMAKE_OPTIONS[*]}"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$CONFIG" ]; then
  echo "build-itk-wasm: ITK $ITK_VERSION for emscripten $EMSCRIPTEN_VERSION already in $PREFIX"
  exit 0
fi

for tool in emcmake emcc cmake ninja node; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-itk-wasm: '$tool' not found (apt-get install -y emscripten cmake ninja-build)" >&2
    exit 1
  fi
done
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"  # Debian's emcc needs acorn from here
export EMCC_LOGGING=0
found_emscripten="$(emcc --version | sed -n '1s/.* \([0-9][0-9.]*\) .*/\1/p')"
if [ "$found_emscripten" != "$EMSCRIPTEN_VERSION" ]; then
  echo "build-itk-wasm: emscripten $EMSCRIPTEN_VERSION expected, found '$found_emscripten'" >&2
  exit 1
fi

# --- source: Debian's insighttoolkit5 source package --------------------------------------------
SOURCE="${ITK_SOURCE_DIR:-$CACHE_ROOT/src/insighttoolkit5-$ITK_VERSION}"
if [ ! -f "$SOURCE/CMakeLists.txt" ]; then
  if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    # Same archive and suite as the binary packages (Debian's own sources file).
    suite="$(. /etc/os-release && echo "$VERSION_CODENAME")"
    echo "build-itk-wasm: adding a deb-src entry for Debian $suite"
    cat >/etc/apt/sources.list.d/debian-src.sources <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    apt-get update
  fi
  mkdir -p "$CACHE_ROOT/src"
  (cd "$CACHE_ROOT/src" && apt-get source insighttoolkit5)
  if [ ! -f "$SOURCE/CMakeLists.txt" ]; then
    echo "build-itk-wasm: apt-get source insighttoolkit5 did not unpack ITK $ITK_VERSION into $SOURCE" \
      "(the archive may carry another ITK version: update ITK_VERSION and the pipelines)" >&2
    exit 1
  fi
fi

# --- patches (see the header) ------------------------------------------------------------------
MARKER="ct-viewer build-itk-wasm.sh patch"
patch_source() {
  local file="$SOURCE/Modules/Core/Common/src/itkFloatingPointExceptions_unix.cxx"
  grep -q "$MARKER" "$file" && return 0
  grep -q '^#if defined(ITK_FEENABLEEXCEPT_NOOP)$' "$file" || {
    echo "build-itk-wasm: $file has no ITK_FEENABLEEXCEPT_NOOP branch to patch" >&2
    exit 1
  }
  sed -i "/^#if defined(ITK_FEENABLEEXCEPT_NOOP)\$/a\\
// $MARKER: emscripten's fenv.h defines no FE_* exception flags\\
#  ifndef FE_DIVBYZERO\\
#    define FE_DIVBYZERO 0\\
#  endif\\
#  ifndef FE_INVALID\\
#    define FE_INVALID 0\\
#  endif" "$file"
}
patch_source

# --- configure, build, install ------------------------------------------------------------------
BUILD="$CACHE_ROOT/build-$KEY"
mkdir -p "$BUILD"
start=$(date +%s)
echo "build-itk-wasm: configuring ITK $ITK_VERSION from $SOURCE in $BUILD"
nice -n "$NICE" emcmake cmake -S "$SOURCE" -B "$BUILD" "${CMAKE_OPTIONS[@]}"
echo "build-itk-wasm: building with $JOBS jobs (nice $NICE)"
nice -n "$NICE" cmake --build "$BUILD" -j "$JOBS"
rm -rf "$PREFIX"
cmake --install "$BUILD"
if [ ! -f "$PREFIX/include/ITK-$ITK_SERIES/itkImage.h" ]; then
  echo "build-itk-wasm: install into $PREFIX has no include/ITK-$ITK_SERIES/itkImage.h" >&2
  exit 1
fi
printf '%s' "$CONFIG" >"$STAMP"
rm -rf "$BUILD"  # the object files are not needed once the libraries are installed
echo "build-itk-wasm: ITK $ITK_VERSION installed in $PREFIX in $(( $(date +%s) - start )) s"
