#pragma once

#include <vector>

#include "engine/time.hpp"
#include "sim/core/replay/market_event.hpp"

namespace lmsim::sim::replay {

/// One occupied price level.
struct PriceLevel {
  Ticks price = 0;
  Lots quantity = 0;
  bool operator==(const PriceLevel&) const = default;
};

/// A book known only to a depth of N levels per side, as a LOBSTER orderbook row or a tardis
/// book_snapshot row records it: the occupied levels, best first (bids descending, asks
/// ascending). What lies beyond the N-th level is unknown.
struct TopLevels {
  std::vector<PriceLevel> bids;
  std::vector<PriceLevel> asks;

  void clear() {
    bids.clear();
    asks.clear();
  }
  /// Best bid >= best ask (false when a side is empty).
  bool crossed() const { return !bids.empty() && !asks.empty() && bids[0].price >= asks[0].price; }
};

/// Appends the kLevel events that turn `before` into `after`, all at (`time`, `local_time`):
/// first a 0 for every level of `before` absent from `after` (bids, then asks, best first), then
/// every level of `after` that is new or changed (bids, then asks, best first). A level that
/// only left the top-N window is removed as well: beyond the window the recorded data says
/// nothing. Removals come first so that a consumer applying the events one by one never sees a
/// book crossed by a stale level when `before` and `after` are both uncrossed.
void append_level_changes(const TopLevels& before, const TopLevels& after, engine::Nanos time,
                          engine::Nanos local_time, std::vector<MarketEvent>& out);

}  // namespace lmsim::sim::replay
