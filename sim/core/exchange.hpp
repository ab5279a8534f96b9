#pragma once

#include <vector>

#include "sim/core/venue.hpp"

namespace lmsim::sim {

/// The venue: one order book plus the accounts that trade in it. Every execution is settled at
/// once — base and cash move between maker and taker, maker and taker fees are charged — and the
/// makers' fills are collected for the simulator to report to their owners. Orders of accounts
/// with `enforce_budget` are rejected (id 0 / nothing done) when their free balance cannot cover
/// them; other accounts (the background population) may go short, as in ABIDES.
class Exchange final : public Venue {
 public:
  Exchange(MarketSpec spec, std::unique_ptr<FeeModel> fees, std::size_t account_count);

  LimitResult submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity,
                           Nanos time) override;
  Lots submit_market(OwnerId owner, Side side, Lots quantity, Nanos time) override;
  bool cancel(OwnerId owner, OrderId id) override;

  const OrderBook& book() const override { return book_; }
  std::uint64_t book_events() const override { return book_.event_count(); }
  std::int64_t rejected_orders() const { return rejected_; }

 private:
  void settle_executions(OwnerId taker, Side taker_side, Nanos time);

  OrderBook book_;
  std::vector<Execution> executions_;
  std::int64_t rejected_ = 0;
};

}  // namespace lmsim::sim
