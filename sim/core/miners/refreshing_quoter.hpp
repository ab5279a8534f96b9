#pragma once

#include <optional>
#include <vector>

#include "sim/core/miners/miner_strategy.hpp"

namespace lmsim::sim::miners {

/// One order a strategy would like to have.
struct PriceSize {
  Ticks price = 0;
  Lots size = 0;
};

/// The orders a strategy would like to have on each side, best first.
struct Proposal {
  std::vector<PriceSize> buys;
  std::vector<PriceSize> sells;
};

/// Hummingbot's order-refresh parameters (names and meaning as in Hummingbot; percentages are
/// percent, as Hummingbot's configs write them: 0.1 means 0.1%).
struct RefreshParams {
  Nanos order_refresh_time = 30 * engine::kNanosPerSecond;
  double order_refresh_tolerance_pct = 0.0;  ///< keep orders whose prices moved less than this
  Nanos max_order_age = 1800 * engine::kNanosPerSecond;
  Nanos filled_order_delay = 60 * engine::kNanosPerSecond;
  double minimum_spread = -100.0;  ///< percent; cancel orders closer to the mid; ≤ −100 is off
};

/// Adds the keys every quoting strategy of Hummingbot shares — `order_amount` (required),
/// `inventory_target_base_pct` and the refresh keys of RefreshParams — to the spec of a
/// parameter struct with members `order_amount`, `inventory_target_base_pct` and `refresh`.
template <typename P>
void add_quoting_keys(engine::ParamSpec<P>& spec) {
  using engine::Bounds;
  spec.number(
          "order_amount", [](P& p) -> double& { return p.order_amount; },
          Bounds::above_up_to(0.0, 1e15), "size of each order, base asset")
      .required()
      .number(
          "inventory_target_base_pct", [](P& p) -> double& { return p.inventory_target_base_pct; },
          Bounds::between(0.0, 100.0),
          "the share of the portfolio's value to hold in base, percent")
      .duration(
          "order_refresh_time", [](P& p) -> Nanos& { return p.refresh.order_refresh_time; },
          Bounds::above(0.0), "how long orders stay before they are re-priced")
      .number(
          "order_refresh_tolerance_pct",
          [](P& p) -> double& { return p.refresh.order_refresh_tolerance_pct; },
          Bounds::between(0.0, 100.0),
          "keep orders whose new prices are within this percentage of the old ones")
      .duration(
          "max_order_age", [](P& p) -> Nanos& { return p.refresh.max_order_age; },
          Bounds::above(0.0), "cancel and re-create orders this old")
      .duration(
          "filled_order_delay", [](P& p) -> Nanos& { return p.refresh.filled_order_delay; },
          Bounds::at_least(0.0), "wait after a complete fill before new orders")
      .number(
          "minimum_spread", [](P& p) -> double& { return p.refresh.minimum_spread; },
          Bounds::between(-100.0, 100.0),
          "cancel orders closer to the mid than this, percent; -100 switches it off");
}

/// The order life cycle shared by Hummingbot's market-making strategies (its pure market making
/// `c_tick`), reproduced step by step; subclasses only say which orders they want (`propose`).
/// At each tick:
/// 1. when the create timer has come (create_timestamp ≤ now), build a proposal, cut sizes to
///    the budget (buys cost price × size × (1 + maker fee)) and drop orders that would cross;
/// 2. cancel every order when any is older than max_order_age;
/// 3. when the cancel timer has come, cancel every order unless all prices of the proposal are
///    within order_refresh_tolerance_pct of the current ones (same count per side);
/// 4. cancel orders closer to the mid than minimum_spread;
/// 5. when create_timestamp < now, no cancel is in flight or was sent in this tick, and no order
///    is active, place the proposal and set both timers to now + order_refresh_time.
/// A completely filled order sets the create timer to now + filled_order_delay (and pulls the
/// cancel timer forward to it). As in Hummingbot, cancelling and re-creating take two ticks, so
/// quotes are briefly absent at each refresh — which the campaign's random snapshots notice.
class RefreshingQuoter : public MinerStrategy {
 public:
  explicit RefreshingQuoter(RefreshParams params) : params_(params) {}

  void tick(MinerView& view) override;
  void on_fill(MinerView& view, const ClientFill& fill) override;
  Nanos next_tick(Nanos now) const override;
  bool idle_until_quote_change(Nanos now) const override;
  void restart(Nanos now) override;

  const RefreshParams& refresh_params() const { return params_; }

 protected:
  /// The orders wanted now, before budget and taker filtering; nullopt when the strategy cannot
  /// price (e.g. one side of the book is empty).
  virtual std::optional<Proposal> propose(MinerView& view) = 0;
  /// Whether propose() depends on nothing but the book top and the miner's balances (which only
  /// fills change), so that re-pricing can wait for the top to move.
  virtual bool prices_from_book_top_only() const = 0;

 private:
  void apply_budget(const MinerView& view, Proposal& proposal) const;
  static void filter_out_takers(const MinerView& view, Proposal& proposal);
  bool within_tolerance(const MinerView& view, Side side,
                        const std::vector<PriceSize>& proposed) const;
  void cancel_on_max_age(MinerView& view) const;
  void cancel_below_min_spread(MinerView& view) const;

  RefreshParams params_;
  Nanos create_timestamp_ = 0;
  Nanos cancel_timestamp_ = 0;
  Nanos oldest_active_ = -1;  ///< submission time of the oldest active order after the last tick
  bool has_active_ = false;
};

}  // namespace lmsim::sim::miners
