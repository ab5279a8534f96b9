#pragma once

#include "engine/side.hpp"
#include "engine/snapshot.hpp"
#include "engine/time.hpp"

namespace lmsim::engine {

/// An execution of a miner's order, as a ledger sees it: epoch-end rules that pay maker volume
/// (dYdX's later versions) count the quote notional `price · amount` of each maker fill in the
/// epoch containing `time`. Prices are in quote currency, amounts in base asset; both > 0.
struct MinerFill {
  Nanos time = 0;
  MinerId miner = 0;
  Side side = Side::kBid;  ///< the side of the miner's order (bid = it bought)
  double price = 0.0;
  double amount = 0.0;
  bool maker = true;  ///< its resting order was hit (false: it took liquidity)

  /// price · amount, quote currency.
  double notional() const { return price * amount; }
};

}  // namespace lmsim::engine
