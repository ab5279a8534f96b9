#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "engine/registry.hpp"
#include "sim/core/agent.hpp"

namespace lmsim::sim::miners {

/// A miner's own id for an order, valid from the moment the strategy asks for it — before the
/// order reaches the book when the miner has latency.
using ClientOrderId = std::uint64_t;

/// One of a miner's orders as the miner tracks it.
struct ClientOrder {
  ClientOrderId id = 0;
  Side side = Side::kBid;
  Ticks price = 0;
  Lots quantity = 0;        ///< as submitted
  Lots remaining = 0;       ///< not yet filled
  Nanos submitted = 0;      ///< when the strategy asked for it (its age counts from here)
  Nanos live_since = -1;    ///< when it reached the book (−1: not yet)
  OrderId exchange_id = 0;  ///< id in the book while resting
  bool cancel_requested = false;
  bool closed = false;  ///< filled, cancelled or rejected during the current call
  LimitType type = LimitType::kPostOnly;

  /// Counts as one of the strategy's working orders: not closed and not being cancelled.
  bool active() const { return !closed && !cancel_requested; }
};

/// A fill of one of the miner's orders, in the miner's terms.
struct ClientFill {
  ClientOrderId order = 0;
  Side side = Side::kBid;
  Ticks price = 0;
  Lots quantity = 0;
  bool done = false;
};

/// What a miner strategy sees and may do: the market (read-only), its balances, its open orders,
/// and order requests that the miner's gateway delivers after the miner's latency.
class MinerView {
 public:
  virtual ~MinerView() = default;
  virtual Nanos now() const = 0;
  virtual Nanos step() const = 0;  ///< the simulation's dt: the strategy's clock tick
  virtual const OrderBook& book() const = 0;
  virtual const MarketSpec& spec() const = 0;
  virtual const Account& account() const = 0;
  virtual const MarketSignals& signals() const = 0;
  /// What the venue charges (to price the maker fee into the budget, as Hummingbot does).
  virtual const FeeModel& fees() const = 0;
  /// Orders submitted and neither filled nor cancelled before the current call (including ones
  /// still in flight); an order closed during the current call stays listed with `closed` set.
  virtual std::span<const ClientOrder> open_orders() const = 0;
  /// Whether any cancel request is still in flight.
  virtual bool cancels_in_flight() const = 0;
  /// The price of the market's last trade, if any.
  virtual std::optional<Ticks> last_trade_price() const = 0;
  /// Whether the miner's own resting orders are part of book() (synthetic market) or virtual
  /// (replay).
  virtual bool own_orders_in_book() const = 0;
  /// Calls fn for every market trade after `after`, oldest first, as far back as the tape the
  /// strategy asked for (MinerStrategy::trade_tape_needed) reaches.
  virtual void for_each_trade_after(Nanos after,
                                    const std::function<void(const PublicTrade&)>& fn) const = 0;
  /// Asks for an order; `type` kPostOnly is an exchange's LIMIT_MAKER: refused by the venue if it
  /// would cross the book when it arrives (after the miner's latency).
  virtual ClientOrderId submit(Side side, Ticks price, Lots quantity, LimitType type) = 0;
  /// A plain limit order (it takes what it crosses).
  ClientOrderId submit(Side side, Ticks price, Lots quantity) {
    return submit(side, price, quantity, LimitType::kLimit);
  }
  virtual void cancel(ClientOrderId id) = 0;

  /// Book mid in quote currency, when both sides have orders.
  /// The book's mid; while the book is empty on both sides, the market's empty_book_price
  /// when it has one (MarketSignals); else none.
  std::optional<double> mid() const {
    if (!book().has_two_sides()) {
      const double fallback = signals().empty_book_price;
      if (!book().best(Side::kBid) && !book().best(Side::kAsk) && std::isfinite(fallback)) {
        return fallback;
      }
      return std::nullopt;
    }
    return book().mid_ticks() * spec().tick_size;
  }
  void cancel_all() {
    for (const ClientOrder& order : open_orders()) {
      if (order.active()) cancel(order.id);
    }
  }
  std::size_t active_order_count() const {
    std::size_t count = 0;
    for (const ClientOrder& order : open_orders()) count += order.active() ? 1 : 0;
    return count;
  }
};

/// A quoting strategy of a miner. It acts at its ticks — times it chooses itself through
/// `next_tick` and that the miner rounds up to the simulation's clock — and hears about fills.
/// Behaviours common to all miners (uptime, fair weather, latency) live in MinerAgent, not here.
class MinerStrategy {
 public:
  virtual ~MinerStrategy() = default;
  virtual void tick(MinerView& view) = 0;
  virtual void on_fill(MinerView& view, const ClientFill& fill) {
    (void)view;
    (void)fill;
  }
  /// The earliest time at which `tick` could do something, given the state after the last call
  /// and an unchanged book top (see `idle_until_quote_change`).
  virtual Nanos next_tick(Nanos now) const = 0;
  /// Whether, until next_tick, a tick could only do something after the best bid or ask
  /// changes. The miner then sleeps until the book top moves instead of ticking every step;
  /// the outcome is the same as polling, at a fraction of the cost.
  virtual bool idle_until_quote_change(Nanos now) const {
    (void)now;
    return false;
  }
  /// The miner was away (outage or storm) and is back: start afresh at `now`.
  virtual void restart(Nanos now) = 0;
  /// How far into the past MinerView::for_each_trade_after must reach for this strategy (0: it
  /// reads no trades).
  virtual Nanos trade_tape_needed() const { return 0; }
  /// A miner's economics (economics.hpp) adjusts its quoting: order sizes times `size_scale`
  /// (rounded down to lots), and both spreads `spread` percent when given. Takes effect from the
  /// next proposal; a strategy without a spread of its own ignores `spread`.
  virtual void set_quoting(double size_scale, std::optional<double> spread) {
    (void)size_scale;
    (void)spread;
  }
  /// The base amount the strategy quotes per side at size scale 1 (every level), for the size a
  /// miner plans when it reviews its economics.
  virtual double quoted_amount() const { return 0.0; }
};

/// What a strategy is built from besides its parameters: the simulation's clock, and the
/// campaign's snapshot grid, which a campaign publishes (a strategy that games the snapshots
/// knows the slots; when in its slot a snapshot falls it can only guess).
struct StrategySetup {
  Nanos clock_start = 0;  ///< the simulation's start
  Nanos step = 0;         ///< the clock step dt
  /// The campaign's slots start at slot_origin + k · snapshot_interval (0: no campaign known).
  Nanos slot_origin = 0;
  Nanos snapshot_interval = 0;
};

/// A strategy chosen by name with its parameters set, as a `[[miners]]` table holds it.
using StrategyConfig = engine::Configured<MinerStrategy, StrategySetup>;
using StrategyKind = engine::Kind<MinerStrategy, StrategySetup>;
using StrategyRegistry = engine::Registry<MinerStrategy, StrategySetup>;

}  // namespace lmsim::sim::miners
