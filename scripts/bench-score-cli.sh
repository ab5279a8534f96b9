#!/usr/bin/env bash
# Times `lmsim score` end to end on one day of snapshots (1,440 x 10,000 orders, ~0.9 GB of CSV).
# usage: scripts/bench-score-cli.sh [BUILD_DIR=build/release]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
data="$build/bench-data/score-day"
[ -f "$data/orders.csv" ] || "$build/tests/bench/make_score_bench_data" "$data" 10000
ls -l "$data"
/usr/bin/time -f "lmsim score: %e s wall, %M KiB peak RSS" \
  "$build/sim/lmsim" score --campaign "$data/campaign.toml" --snapshots "$data/snapshots.csv" \
  --orders "$data/orders.csv" --out "$data/out" --force >/dev/null
