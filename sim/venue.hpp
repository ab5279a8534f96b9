#pragma once

#include <cstdint>
#include <optional>
#include <utility>
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
  /// Books (sign +1) or releases (−1) what a resting order of `quantity` at `price` would use.
  void reserve(Side side, Ticks price, Lots quantity, int sign) {
    if (side == Side::kBid) {
      reserved_cash += sign * price * quantity;
    } else {
      reserved_base += sign * quantity;
    }
  }
  /// Free balance covers a new order (always true unless `enforce_budget`).
  bool can_afford(Side side, Ticks price, Lots quantity) const {
    if (!enforce_budget) return true;
    return side == Side::kBid ? free_cash() >= price * quantity : free_base() >= quantity;
  }
};

/// Settles one execution: base and cash move between maker and taker, both pay their fee
/// (maker_fee_bps / taker_fee_bps of the notional), fill counters advance. Returns the fees
/// charged (quote currency). Every venue settles through this one rule.
double settle_execution(const MarketSpec& spec, Account& maker, Account& taker,
                        const Execution& execution);

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

/// Where agents trade: an order book (read-only to them), the accounts, and the three actions
/// a venue offers. Two implementations: the synthetic market's Exchange, where everyone's orders
/// share one book, and the ReplayVenue of a recorded market, where the recorded book is replayed
/// and the miners' orders are virtual. The simulator, the agents and the recorder only see this.
class Venue {
 public:
  virtual ~Venue() = default;

  /// Limit order: executes what crosses, rests the rest.
  virtual LimitResult submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity,
                                   Nanos time) = 0;
  /// Market order: returns the quantity executed.
  virtual Lots submit_market(OwnerId owner, Side side, Lots quantity, Nanos time) = 0;
  /// Cancels a resting order of `owner`; false if it is not resting or not the owner's.
  virtual bool cancel(OwnerId owner, OrderId id) = 0;

  /// The market's book as agents see it.
  virtual const OrderBook& book() const = 0;
  virtual const MarketSpec& spec() const = 0;
  virtual const Account& account(OwnerId owner) const = 0;
  virtual Account& account(OwnerId owner) = 0;
  virtual std::size_t account_count() const = 0;
  /// Fees collected from all accounts (quote currency).
  virtual double fee_income() const = 0;
  /// Trades settled but not yet reported, in execution order (the simulator drains this after
  /// every action and tells the makers).
  virtual std::vector<Trade>& pending_trades() = 0;
  virtual std::optional<Ticks> last_trade_price() const = 0;
  /// Base lots executed since `since` (inclusive), split by the aggressor's side {buys, sells};
  /// covers at most the tape horizon into the past.
  virtual std::pair<Lots, Lots> traded_since(Nanos since) const = 0;
  /// How far back `traded_since` must be able to look (trades older than this are forgotten).
  virtual void set_tape_horizon(Nanos horizon) = 0;
  /// Base lots traded in the market so far.
  virtual Lots traded_volume() const = 0;
  /// Order-book events so far (submissions, cancellations, executions, recorded updates).
  virtual std::uint64_t book_events() const = 0;
};

}  // namespace lmsim::sim
