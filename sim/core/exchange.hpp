#pragma once

#include <vector>

#include "sim/core/venue.hpp"

namespace lmsim::sim {

/// The venue: one order book plus the accounts that trade in it. Every execution is settled at
/// once — base and cash move between maker and taker, maker and taker fees are charged — and the
/// makers' fills are collected for the simulator to report to their owners. Orders of accounts
/// with `enforce_budget` are rejected (id 0 / nothing done) when their free balance cannot cover
/// them; other accounts (the background population) may go short, as in ABIDES. A post-only
/// order that would cross the book on arrival is refused whole (counted in
/// `post_only_rejections`).
class Exchange final : public Venue {
 public:
  Exchange(MarketSpec spec, std::unique_ptr<FeeModel> fees, std::size_t account_count);

  using Venue::submit_limit;
  LimitResult submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity, Nanos time,
                           LimitType type) override;
  Lots submit_market(OwnerId owner, Side side, Lots quantity, Nanos time) override;
  bool cancel(OwnerId owner, OrderId id) override;

  const OrderBook& book() const override { return book_; }
  std::uint64_t book_events() const override { return book_.event_count(); }
  bool agent_orders_in_book() const override { return true; }
  std::int64_t rejected_orders() const { return rejected_; }
  std::int64_t post_only_rejections() const { return post_only_rejected_; }

 private:
  void settle_executions(OwnerId taker, Side taker_side, Nanos time);

  OrderBook book_;
  std::vector<Execution> executions_;
  std::int64_t rejected_ = 0;
  std::int64_t post_only_rejected_ = 0;
};

}  // namespace lmsim::sim
