#!/usr/bin/env bash
# Checks lmsim's install rules the way an outside project meets them: installs a build tree into a
# temporary prefix (removed on exit), checks what was installed, compiles every installed header on
# its own, then configures, builds and runs tests/install/consumer — copied out of the repository —
# against the prefix with find_package(lmsim). Exits non-zero on the first failure.
# usage: scripts/test-install.sh [BUILD_DIR=build/release]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
build="${1:-build/release}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  echo "test-install: $build is not a configured build tree (scripts/build.sh configures one)" >&2
  exit 1
fi
build="$(cd "$build" && pwd)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

fail() {
  echo "test-install: FAILED: $*" >&2
  exit 1
}
# Runs a command, showing it; its output is shown only when it fails.
quiet() {
  echo "+ $*"
  if ! "$@" >"$tmp/output.log" 2>&1; then
    cat "$tmp/output.log" >&2
    fail "$*"
  fi
}
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }

[ "$(cache LMSIM_INSTALL)" = "ON" ] || fail "$build was configured with LMSIM_INSTALL=OFF"
cxx="$(cache CMAKE_CXX_COMPILER)"
libdir="$(cache CMAKE_INSTALL_LIBDIR)"
# An instrumented engine needs the sanitizer runtimes at link time.
linker_flags=""
[ "$(cache LMSIM_SANITIZE)" = "ON" ] && linker_flags="-fsanitize=address,undefined"
# Outside projects find lmsim through CMAKE_PREFIX_PATH only: no package registry, no other lmsim.
consumer_args=(-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_EXE_LINKER_FLAGS="$linker_flags")

echo "== build: lmsim and lmsim_engine in $build (nothing to do when up to date)"
quiet cmake --build "$build" --target lmsim lmsim_engine -j "$(nproc)"

echo "== install into a temporary prefix"
quiet cmake --install "$build" --prefix "$prefix"
(cd "$prefix" && find . -type f | sed 's|^\./|   |' | sort)
for file in bin/lmsim "$libdir/liblmsim_engine.a" "$libdir/cmake/lmsim/lmsimConfig.cmake" \
  "$libdir/cmake/lmsim/lmsimConfigVersion.cmake" "$libdir/cmake/lmsim/lmsimTargets.cmake"; do
  [ -f "$prefix/$file" ] || fail "not installed: $file"
done
for header in engine/*.hpp; do
  [ -f "$prefix/include/lmsim/$header" ] || fail "not installed: include/lmsim/$header"
done
echo "installed: every engine/*.hpp ($(ls engine/*.hpp | wc -l) headers), the library, the package"
echo "+ $prefix/bin/lmsim --version"
"$prefix/bin/lmsim" --version || fail "the installed lmsim does not run"
if [ -f "$build/sim/lmsim-mpi.so" ]; then
  [ -f "$prefix/$libdir/lmsim/lmsim-mpi.so" ] || fail "not installed: $libdir/lmsim/lmsim-mpi.so"
  # The installed lmsim finds its MPI module from where it is installed, and the ranks share a
  # sweep. (OpenMPI refuses to start as root unless told; its start-up allocations are never
  # freed, so leak checks are off here as in the CTest test of MPI sweeps.)
  echo "+ mpirun -n 2 $prefix/bin/lmsim sweep ..."
  OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ASAN_OPTIONS=detect_leaks=0 \
    mpirun -n 2 --oversubscribe "$prefix/bin/lmsim" sweep scenarios/quickstart.toml \
    --grid 'miners[0].bid_spread=0.05,0.2' --set 'sim.duration="5m"' \
    --set 'campaign.epoch_length="3m"' --jobs 1 --out "$tmp/mpi-sweep" >"$tmp/output.log" 2>&1 ||
    { cat "$tmp/output.log" >&2; fail "the installed lmsim does not sweep on two MPI ranks"; }
  [ -f "$tmp/mpi-sweep/sweep.csv" ] || fail "the sweep on two MPI ranks wrote no sweep.csv"
  echo "swept on two MPI ranks with the installed module"
fi

echo "== every installed header compiles on its own, with only the package's include path"
mkdir -p "$tmp/headers"
for header in "$prefix"/include/lmsim/engine/*.hpp; do
  name="$(basename "$header" .hpp)"
  printf '#include "engine/%s.hpp"\n' "$name" >"$tmp/headers/$name.cpp"
done
cat >"$tmp/headers/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(lmsim_header_check LANGUAGES CXX)
find_package(lmsim 0.1 REQUIRED)
file(GLOB sources "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
add_library(header_check OBJECT ${sources})
target_link_libraries(header_check PRIVATE lmsim::engine)
EOF
quiet cmake -S "$tmp/headers" -B "$tmp/headers-build" "${consumer_args[@]}"
quiet cmake --build "$tmp/headers-build" -j "$(nproc)"
echo "compiled: $(ls "$tmp/headers"/*.cpp | wc -l) headers"

echo "== the package refuses an incompatible version"
mkdir -p "$tmp/version"
cat >"$tmp/version/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(lmsim_version_check LANGUAGES NONE)
find_package(lmsim 1 REQUIRED)
EOF
version="$(sed -n 's/^set(PACKAGE_VERSION "\(.*\)")$/\1/p' \
  "$prefix/$libdir/cmake/lmsim/lmsimConfigVersion.cmake")"
echo "+ find_package(lmsim 1 REQUIRED) (must fail: the installed lmsim is $version)"
if cmake -S "$tmp/version" -B "$tmp/version-build" "${consumer_args[@]}" >"$tmp/output.log" 2>&1; then
  fail "find_package(lmsim 1) accepted lmsim $version"
fi
grep -qF "that is compatible" "$tmp/output.log" ||
  { cat "$tmp/output.log" >&2; fail "find_package(lmsim 1) failed for another reason"; }
echo "refused, as it should be"

echo "== build a project against the installed engine (tests/install/consumer, copied out)"
cp -R tests/install/consumer "$tmp/consumer"
quiet cmake -S "$tmp/consumer" -B "$tmp/consumer-build" "${consumer_args[@]}" \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
found="$(sed -n 's/^lmsim_DIR:[A-Z]*=//p' "$tmp/consumer-build/CMakeCache.txt")"
echo "find_package(lmsim) found $found"
[ "$found" = "$prefix/$libdir/cmake/lmsim" ] || fail "lmsim was not found in the temporary prefix"
quiet cmake --build "$tmp/consumer-build" -j "$(nproc)"
# Nothing of the repository may leak into the consumer's compile commands (include paths above all).
if grep -qF "$root" "$tmp/consumer-build/compile_commands.json"; then
  cat "$tmp/consumer-build/compile_commands.json" >&2
  fail "the consumer was compiled with paths into $root"
fi
echo "+ lmsim_consumer"
"$tmp/consumer-build/lmsim_consumer" || fail "lmsim_consumer exited with status $?"

echo "== install: OK"
