#!/usr/bin/env bash
# Installs dependencies, builds a preset (default: release) and runs the whole test suite.
# usage: scripts/test.sh [PRESET]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
scripts/build.sh "$preset"
ctest --preset "$preset" -j "$(nproc)"
