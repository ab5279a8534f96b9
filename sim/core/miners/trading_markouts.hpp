#pragma once

#include <cstdint>
#include <deque>
#include <limits>

#include "engine/time.hpp"

namespace lmsim::sim::miners {

/// A miner's trading result by mark-out (economics `trading_result = "markout"`): every change
/// a fill makes to the account (base and cash, fees included) is valued at the mid `horizon`
/// after it, not at today's mid. That is the spread captured less the adverse selection and fees
/// over the horizon, without what the inventory gained or lost by being held longer: a market
/// maker's measure of its quoting business. Valued at today's mid instead, a few hours of a
/// market that moves put the inventory's revaluation — a directional bet worth nothing on
/// average — into the yield a miner decides by, and it can swamp the reward.
///
/// Changes are resolved in time order at the first mid seen at or after their time + horizon
/// (the miner wakes then, on its clock grid). A change not yet that old is not counted.
class TradingMarkouts {
 public:
  /// Starts from the account's balances: base in lots, cash in cash units (MarketSpec).
  TradingMarkouts(engine::Nanos horizon, std::int64_t base, std::int64_t cash);

  /// The account now holds `base` and `cash` after a fill at `time`: the change since the last
  /// one recorded waits to be valued.
  void record(engine::Nanos time, std::int64_t base, std::int64_t cash);

  /// When the oldest waiting change is due (never when none waits).
  engine::Nanos next_due() const {
    return pending_.empty() ? std::numeric_limits<engine::Nanos>::max()
                            : pending_.front().time + horizon_;
  }

  /// Values every change due by `now` at `mid` (quote per base unit), `lot_amount` base units a
  /// lot and `cash_unit` quote per cash unit.
  void resolve(engine::Nanos now, double mid, double lot_amount, double cash_unit);

  /// The changes valued so far, quote currency.
  double total() const { return total_; }

 private:
  struct Change {
    engine::Nanos time;
    std::int64_t base;
    std::int64_t cash;
  };
  engine::Nanos horizon_;
  std::int64_t base_;
  std::int64_t cash_;
  std::deque<Change> pending_;
  double total_ = 0.0;
};

}  // namespace lmsim::sim::miners
