#pragma once

#include <deque>
#include <span>
#include <vector>

#include "sim/market_spec.hpp"
#include "sim/order_book.hpp"
#include "sim/venue.hpp"

namespace lmsim::sim {

/// The venue: one order book plus the accounts that trade in it. Every execution is settled at
/// once — base and cash move between maker and taker, maker and taker fees are charged — and the
/// makers' fills are collected for the simulator to report to their owners. Orders of accounts
/// with `enforce_budget` are rejected (id 0 / nothing done) when their free balance cannot cover
/// them; other accounts (the background population) may go short, as in ABIDES.
class Exchange final : public Venue {
 public:
  Exchange(MarketSpec spec, std::size_t account_count);

  LimitResult submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity,
                           Nanos time) override;
  Lots submit_market(OwnerId owner, Side side, Lots quantity, Nanos time) override;
  bool cancel(OwnerId owner, OrderId id) override;

  const OrderBook& book() const override { return book_; }
  const MarketSpec& spec() const override { return spec_; }
  const Account& account(OwnerId owner) const override { return accounts_[owner]; }
  Account& account(OwnerId owner) override { return accounts_[owner]; }
  std::size_t account_count() const override { return accounts_.size(); }
  double fee_income() const override { return fee_income_; }
  std::vector<Trade>& pending_trades() override { return trades_; }
  std::optional<Ticks> last_trade_price() const override { return last_trade_; }
  std::pair<Lots, Lots> traded_since(Nanos since) const override;
  void set_tape_horizon(Nanos horizon) override { tape_horizon_ = horizon; }
  Lots traded_volume() const override { return volume_; }
  std::uint64_t book_events() const override { return book_.event_count(); }
  std::int64_t rejected_orders() const { return rejected_; }

 private:
  void settle(OwnerId taker, Side taker_side, Nanos time);

  MarketSpec spec_;
  OrderBook book_;
  std::vector<Account> accounts_;
  std::vector<Execution> executions_;
  std::vector<Trade> trades_;
  double fee_income_ = 0.0;
  std::optional<Ticks> last_trade_;
  Lots volume_ = 0;
  struct TapeEntry {
    Nanos time;
    Lots quantity;
    Side aggressor;
  };
  std::deque<TapeEntry> tape_;
  Nanos tape_horizon_ = 0;
  std::int64_t rejected_ = 0;
};

}  // namespace lmsim::sim
