#!/usr/bin/env bash
# Installs dependencies, configures one CMake preset (default: release) and builds it: every
# target, or only those named. `scripts/build.sh release lmsim` builds just the command, which
# is all a user who wants to run a scenario needs: it installs only the packages that needs
# (scripts/install-deps.sh run) and, while the test and benchmark packages are absent,
# configures without the tests and benchmarks (scripts/test.sh later installs them and turns
# them on again).
# usage: scripts/build.sh [PRESET [TARGET...]]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
deps=all
if [ $# -gt 0 ]; then
  deps=run
  for target in "$@"; do
    if [ "$target" != lmsim ]; then deps=all; fi
  done
fi
scripts/install-deps.sh "$deps"
configure=()
if [ "$deps" = run ] && ! scripts/install-deps.sh --check all; then
  configure+=(-DLMSIM_BUILD_TESTS=OFF -DLMSIM_BUILD_BENCHMARKS=OFF)
fi
cmake --preset "$preset" "${configure[@]}" >/dev/null
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build --preset "$preset" -j "$(nproc)" "${targets[@]}"
