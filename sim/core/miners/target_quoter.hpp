#pragma once

#include <limits>
#include <string>
#include <vector>

#include "engine/param_spec.hpp"
#include "sim/core/miners/miner_strategy.hpp"

namespace lmsim::sim::miners {

/// One order a TargetQuoter wants resting: side, price in ticks, size in lots.
struct WantedOrder {
  Side side = Side::kBid;
  Ticks price = 0;
  Lots size = 0;
};

/// Adds the keys the simple quoting strategies share — `order_amount` (base asset, required),
/// `spread` (percent of the mid, required) — to the spec of a parameter struct with members
/// `order_amount` and `spread`.
template <typename P>
void add_target_keys(engine::ParamSpec<P>& spec, const std::string& spread_doc) {
  using engine::Bounds;
  spec.number(
          "order_amount", [](P& p) -> double& { return p.order_amount; },
          Bounds::above_up_to(0.0, 1e15), "size of each order, base asset")
      .required()
      .number(
          "spread", [](P& p) -> double& { return p.spread; }, Bounds::strictly_between(0.0, 100.0),
          spread_doc)
      .required();
}

/// A strategy that keeps a set of wanted orders resting — the simple strategies that model how
/// campaigns are gamed (snapshot_gamer, flicker, whale, one_sided). At every tick the subclass
/// says which orders it wants (`want`); an active order is kept when a wanted order of its side
/// lies within `tolerance` of its price (each wanted order keeps at most one) and `must_cancel`
/// does not object, and cancelled otherwise; wanted orders left unmatched are submitted
/// post-only — sized down to the free balance (a buy to the free cash at its price, a sell to
/// the free base), and skipped when they would cross the book or nothing is left to pay for
/// them. A partly filled order is kept like a whole one.
///
/// A tick is a function of the time, the book top and the miner's own orders and balances, and
/// does nothing when they have not changed: so the strategy sleeps until the top moves or a
/// timer of its own (`next_tick`) comes, and ticks at every step give the same run.
class TargetQuoter : public MinerStrategy {
 public:
  /// `tolerance`: how far (ticks) a kept order may lie from the wanted price, as a fraction of
  /// the mid: the tolerance in ticks is tolerance × mid in ticks.
  explicit TargetQuoter(double tolerance) : tolerance_(tolerance) {}

  void tick(MinerView& view) final;
  /// At once after a (re)start, when nothing is placed yet; then the subclass's timer.
  Nanos next_tick(Nanos now) const final { return ticked_ ? timer(now) : now; }
  bool idle_until_quote_change(Nanos now) const override {
    (void)now;
    return true;
  }
  void restart(Nanos now) final {
    ticked_ = false;
    restart_strategy(now);
  }

  /// A bid at most `spread` (a fraction) below `mid` (quote currency): rounded up to the tick,
  /// towards the mid, so it stays within the distance; at least one tick.
  static Ticks bid_at(const MarketSpec& spec, double mid, double spread);
  /// An ask at most `spread` above `mid`: rounded down to the tick.
  static Ticks ask_at(const MarketSpec& spec, double mid, double spread);

 protected:
  /// Wants one order of `amount` (base) on each side, `spread_pct` percent from the mid; false
  /// without a mid. The two-sided quote most strategies here want.
  static bool want_both_sides(const MinerView& view, double amount, double spread_pct,
                              std::vector<WantedOrder>& wanted);
  /// The orders wanted now into `wanted` (given empty); false when the strategy cannot price
  /// (no mid): the tick then leaves everything as it is.
  virtual bool want(const MinerView& view, std::vector<WantedOrder>& wanted) = 0;
  /// Whether an active order must go whatever is wanted (the flicker's old orders).
  virtual bool must_cancel(const MinerView& view, const ClientOrder& order) const {
    (void)view;
    (void)order;
    return false;
  }
  /// The earliest time after the last tick at which a tick could do something with an unchanged
  /// book top (never, unless the subclass has timers).
  virtual Nanos timer(Nanos now) const {
    (void)now;
    return std::numeric_limits<Nanos>::max();
  }
  /// The subclass's own state starts afresh (the miner was away; its orders are gone).
  virtual void restart_strategy(Nanos now) { (void)now; }
  /// Called at the end of every tick, after the orders were placed or cancelled (to plan
  /// next_tick from the orders now open).
  virtual void after_tick(const MinerView& view) { (void)view; }

 private:
  double tolerance_;
  bool ticked_ = false;              ///< a tick came since the last (re)start
  std::vector<WantedOrder> wanted_;  ///< this tick's wanted orders (storage reused)
  std::vector<bool> matched_;
};

}  // namespace lmsim::sim::miners
