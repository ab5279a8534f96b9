#pragma once

#include <deque>
#include <span>
#include <vector>

#include "sim/market_spec.hpp"
#include "sim/order_book.hpp"

namespace lmsim::sim {

/// One participant's holdings at the venue. Base is in lots and cash in cash units (one lot at
/// one tick), both exact integers, so trading conserves them exactly across accounts; fees are
/// quote currency (double) and collected by the venue. `reserved_*` is what the account's resting
/// orders would consume, for budget checks.
struct Account {
  Lots base = 0;
  std::int64_t cash = 0;
  double fees = 0.0;
  Lots bought = 0;
  Lots sold = 0;
  std::int64_t maker_fills = 0;
  std::int64_t taker_fills = 0;
  Lots reserved_base = 0;
  std::int64_t reserved_cash = 0;
  bool enforce_budget = false;  ///< reject orders the free balance cannot cover (miners)

  Lots free_base() const { return base - reserved_base; }
  std::int64_t free_cash() const { return cash - reserved_cash; }
};

/// One settled execution with both parties, as the simulator sees it.
struct Trade {
  Nanos time = 0;
  Execution execution;
  OwnerId taker = 0;
};

/// A fill as reported to the owner of the resting order.
struct MakerFill {
  OwnerId owner = 0;
  OrderId order = 0;
  Side side = Side::kBid;  ///< side of the owner's order
  Ticks price = 0;
  Lots quantity = 0;
  bool done = false;  ///< the order is completely filled
};

/// What became of a limit order at submission.
struct LimitResult {
  OrderId resting = 0;    ///< id of the part left in the book, 0 when nothing rests
  Lots executed = 0;      ///< quantity that executed at once against resting orders
  bool rejected = false;  ///< refused for lack of free balance
};

/// The venue: one order book plus the accounts that trade in it. Every execution is settled at
/// once — base and cash move between maker and taker, maker and taker fees are charged — and the
/// makers' fills are collected for the simulator to report to their owners. Orders of accounts
/// with `enforce_budget` are rejected (id 0 / nothing done) when their free balance cannot cover
/// them; other accounts (the background population) may go short, as in ABIDES.
class Exchange {
 public:
  Exchange(MarketSpec spec, std::size_t account_count);

  /// Limit order: executes what crosses, rests the rest.
  LimitResult submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity, Nanos time);
  /// Market order: returns the quantity executed.
  Lots submit_market(OwnerId owner, Side side, Lots quantity, Nanos time);
  /// Cancels a resting order of `owner`; false if it is not resting or not the owner's.
  bool cancel(OwnerId owner, OrderId id);

  const OrderBook& book() const { return book_; }
  const MarketSpec& spec() const { return spec_; }
  const Account& account(OwnerId owner) const { return accounts_[owner]; }
  Account& account(OwnerId owner) { return accounts_[owner]; }
  std::size_t account_count() const { return accounts_.size(); }
  double fee_income() const { return fee_income_; }

  /// Trades settled but not yet reported, in execution order (the simulator drains this after
  /// every action and tells the makers).
  std::vector<Trade>& pending_trades() { return trades_; }

  std::optional<Ticks> last_trade_price() const { return last_trade_; }
  /// Base lots executed since `since` (inclusive), split by the aggressor's side {buys, sells};
  /// covers at most `tape_horizon` into the past.
  std::pair<Lots, Lots> traded_since(Nanos since) const;
  /// How far back `traded_since` must be able to look (trades older than this are forgotten).
  void set_tape_horizon(Nanos horizon) { tape_horizon_ = horizon; }
  /// Base lots traded so far (each execution counted once).
  Lots traded_volume() const { return volume_; }
  std::int64_t rejected_orders() const { return rejected_; }

 private:
  bool affordable(const Account& account, Side side, Ticks price, Lots quantity) const;
  void settle(OwnerId taker, Side taker_side, Nanos time);
  void reserve(OwnerId owner, Side side, Ticks price, Lots quantity, int sign);

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
