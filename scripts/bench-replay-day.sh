#!/usr/bin/env bash
# Times a day of replay end to end: the Binance BTC-USDT excerpt converted to a market file,
# repeated (tests/bench/make_day_market) to a day of ≥ 40 M events, then `lmsim run` replaying it
# with ten miners, the whole process timed.
# usage: scripts/bench-replay-day.sh [BUILD_DIR=build/release] [EVENTS=44000000]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
events="${2:-44000000}"
data="$build/bench-data/replay-day"
mkdir -p "$data"
cmake --build "$build" --target lmsim make_day_market >/dev/null
excerpt=scenarios/data/binance-btcusdt-2024-08-08
if [ ! -f "$data/excerpt.h5" ]; then
  "$build/sim/lmsim" convert --from tardis "$excerpt/BTCUSDT_incremental_book_L2.csv.gz" \
    "$excerpt/BTCUSDT_trades.csv.gz" --tick-size 0.01 --lot-size 0.000001 -o "$data/excerpt.h5" >/dev/null
fi
if [ ! -f "$data/day-$events.h5" ]; then
  "$build/tests/bench/make_day_market" "$data/excerpt.h5" "$data/day-$events.h5" "$events"
fi
ls -l "$data/day-$events.h5"
# The day's window: the recording starts at 23:54:14; 140 copies of 10 m 38 s.
/usr/bin/time -f "lmsim run (replay of a day, 10 miners): %e s wall, %U s user, %M KiB peak RSS" \
  "$build/sim/lmsim" run scenarios/replay_btcusdt.toml --out "$data/out" --force \
  --set 'market.format="lmsim"' --set "market.files=[\"$PWD/$data/day-$events.h5\"]" \
  --set 'sim.duration="24h"' --set 'miners[0].count=6' --set 'miners[2].count=3' \
  --set 'miners[1].order_levels=2'
