#pragma once

#include "sim/core/replay/bad_row.hpp"
#include "sim/core/replay/market_event.hpp"
#include "sim/io/replay/market_units.hpp"

namespace lmsim::sim::replay {

/// How to read tardis.dev CSV files (incremental_book_L2, book_snapshot_N, trades). `units` has
/// no default because it depends on the market (Binance spot BTCUSDT: tick 0.01 USDT, lot 1e-8
/// BTC, the exchange's wire precision); the readers throw std::invalid_argument when a size is
/// not a positive finite number.
struct TardisOptions {
  MarketUnits units;
  /// The clock rows are ordered, grouped and checked by: `timestamp` (exchange) or
  /// `local_timestamp` (recorder).
  EventClock clock = EventClock::kExchange;
  OnBadRow on_bad_row = OnBadRow::kError;
};

}  // namespace lmsim::sim::replay
