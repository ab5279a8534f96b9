#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <iterator>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "sim/core/book_changes.hpp"
#include "sim/core/fee_model.hpp"
#include "sim/core/market_spec.hpp"
#include "sim/core/order_book.hpp"

namespace lmsim::sim {

/// price × quantity in cash units; throws RunLimitError when it overflows int64 (a tick and a
/// lot too small for the prices and sizes traded).
std::int64_t cash_value(Ticks price, Lots quantity);
/// a + b for cash or base balances; throws RunLimitError when it overflows int64.
std::int64_t checked_sum(std::int64_t a, std::int64_t b);

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
      reserved_cash = checked_sum(reserved_cash, sign * cash_value(price, quantity));
    } else {
      reserved_base = checked_sum(reserved_base, sign * quantity);
    }
  }
  /// Free balance covers a new order (always true unless `enforce_budget`).
  bool can_afford(Side side, Ticks price, Lots quantity) const {
    if (!enforce_budget) return true;
    return side == Side::kBid ? free_cash() >= cash_value(price, quantity)
                              : free_base() >= quantity;
  }
};

/// Settles one execution: base and cash move between maker and taker, both pay their fee (as
/// `fees` charges a maker and a taker), fill counters advance. Returns the fees charged (quote
/// currency). Every venue settles through this one rule.
double settle_execution(const MarketSpec& spec, const FeeModel& fees, Account& maker,
                        Account& taker, const Execution& execution);

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

/// How a limit order may meet the book on arrival. A post-only order (an exchange's
/// LIMIT_MAKER, which Hummingbot's market-making strategies send) that would execute at once is
/// refused whole instead: it can only ever be a maker.
enum class LimitType : std::uint8_t { kLimit, kPostOnly };

/// What became of a limit order at submission.
struct LimitResult {
  OrderId resting = 0;      ///< id of the part left in the book, 0 when nothing rests
  Lots executed = 0;        ///< quantity that executed at once against resting orders
  bool rejected = false;    ///< refused for lack of free balance
  bool would_take = false;  ///< a post-only order that would have crossed the book: refused
};

/// A trade of the market as the tape keeps it (what a strategy sees of the public trades).
struct PublicTrade {
  Nanos time = 0;
  Ticks price = 0;
  Lots quantity = 0;
  Side aggressor = Side::kBid;
};

/// Where agents trade: an order book (read-only to them), the accounts, and the three actions
/// a venue offers. Two implementations: the synthetic market's Exchange, where everyone's orders
/// share one book, and the ReplayVenue of a recorded market, where the recorded book is replayed
/// and the miners' orders are virtual. The simulator, the agents and the recorder only see this.
/// What does not depend on how orders meet — accounts, settlement, fees, the trade tape — lives
/// here, so both venues settle and report trades the same way.
class Venue {
 public:
  virtual ~Venue() = default;
  Venue(const Venue&) = delete;
  Venue& operator=(const Venue&) = delete;

  /// Limit order: executes what crosses, rests the rest; a post-only order that would cross is
  /// refused (`would_take`) and nothing happens.
  virtual LimitResult submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity, Nanos time,
                                   LimitType type) = 0;
  LimitResult submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity, Nanos time) {
    return submit_limit(owner, side, price, quantity, time, LimitType::kLimit);
  }
  /// Market order: returns the quantity executed.
  virtual Lots submit_market(OwnerId owner, Side side, Lots quantity, Nanos time) = 0;
  /// Cancels a resting order of `owner`; false if it is not resting or not the owner's.
  virtual bool cancel(OwnerId owner, OrderId id) = 0;
  /// The market's book as agents see it.
  virtual const OrderBook& book() const = 0;
  /// Order-book events so far (submissions, cancellations, executions, recorded updates).
  virtual std::uint64_t book_events() const = 0;
  /// Whether agents' resting orders are part of book() (true for a synthetic market; false for a
  /// replay, whose miners' orders are virtual).
  virtual bool agent_orders_in_book() const = 0;

  const MarketSpec& spec() const { return spec_; }
  const FeeModel& fees() const { return *fees_; }
  const Account& account(OwnerId owner) const { return accounts_[owner]; }
  Account& account(OwnerId owner) { return accounts_[owner]; }
  std::size_t account_count() const { return accounts_.size(); }
  /// Fees collected from all accounts (quote currency).
  double fee_income() const { return fee_income_; }
  /// Trades settled but not yet reported, in execution order (the simulator drains this after
  /// every action and tells the makers).
  std::vector<Trade>& pending_trades() { return trades_; }
  std::optional<Ticks> last_trade_price() const { return last_trade_; }
  /// Base lots executed since `since` (inclusive), split by the aggressor's side {buys, sells};
  /// covers at most the tape horizon into the past.
  std::pair<Lots, Lots> traded_since(Nanos since) const;
  /// Calls fn(const PublicTrade&) for every market trade at a time after `after`, oldest first;
  /// covers at most the tape horizon into the past.
  template <typename Fn>
  void for_each_trade_after(Nanos after, Fn&& fn) const {
    auto entry = tape_.end();
    while (entry != tape_.begin() && std::prev(entry)->time > after) --entry;
    for (; entry != tape_.end(); ++entry) {
      fn(PublicTrade{entry->time, entry->price, entry->quantity, entry->aggressor});
    }
  }
  /// How far back `traded_since` must be able to look (trades older than this are forgotten).
  void set_tape_horizon(Nanos horizon) { tape_horizon_ = horizon; }
  /// Makes the tape reach at least `horizon` into the past.
  void extend_tape_horizon(Nanos horizon) { tape_horizon_ = std::max(tape_horizon_, horizon); }
  /// Base lots traded in the market so far.
  Lots traded_volume() const { return volume_; }
  /// The trades printed since the last call to take_prints(), in time order.
  std::span<const PublicTrade> prints() const { return prints_; }
  /// Forgets the prints returned so far (the market sampler takes them with each sample, so the
  /// buffer holds one clock step of trades at most).
  void take_prints() { prints_.clear(); }
  /// Where the book changed, for readers that keep what they read of it (BookChanges); a venue
  /// that does not note its changes leaves it untracked.
  BookChanges& book_changes() { return book_changes_; }

 protected:
  Venue(MarketSpec spec, std::unique_ptr<FeeModel> fees, std::size_t account_count);

  /// Settles `execution` between its maker and `taker` and collects both fees.
  void settle(const Execution& execution, OwnerId taker) {
    fee_income_ +=
        settle_execution(spec_, *fees_, accounts_[execution.maker], accounts_[taker], execution);
  }
  /// Puts a market trade on the tape: volume, last price and the aggressor flow.
  void record_trade(Nanos time, Lots quantity, Side aggressor, Ticks price);

  std::vector<Trade> trades_;
  BookChanges book_changes_;

 private:
  struct TapeEntry {
    Nanos time;
    Lots quantity;
    Side aggressor;
    Ticks price;
  };

  MarketSpec spec_;
  std::unique_ptr<FeeModel> fees_;
  std::vector<Account> accounts_;
  double fee_income_ = 0.0;
  std::optional<Ticks> last_trade_;
  Lots volume_ = 0;
  std::deque<TapeEntry> tape_;
  Nanos tape_horizon_ = 0;
  std::vector<PublicTrade> prints_;  ///< every print since take_prints(); one per execution
};

}  // namespace lmsim::sim
