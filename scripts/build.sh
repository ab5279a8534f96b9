#!/usr/bin/env bash
# Installs dependencies, configures one CMake preset (default: release) and builds it: every
# target, or only those named (`scripts/build.sh release lmsim` builds just the command, which
# is all a user who wants to run a scenario needs).
# usage: scripts/build.sh [PRESET [TARGET...]]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
scripts/install-deps.sh
cmake --preset "$preset" >/dev/null
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build --preset "$preset" -j "$(nproc)" "${targets[@]}"
