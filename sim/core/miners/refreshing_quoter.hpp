#pragma once

#include <limits>
#include <optional>
#include <vector>

#include "sim/core/miners/hummingbot_version.hpp"
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
  /// Keep orders whose prices moved by at most this; negative: always refresh.
  double order_refresh_tolerance_pct = 0.0;
  Nanos max_order_age = 1800 * engine::kNanosPerSecond;
  Nanos filled_order_delay = 60 * engine::kNanosPerSecond;
};

/// Adds the keys every quoting strategy of Hummingbot shares, with Hummingbot's ranges —
/// `order_amount` (required), `inventory_target_base_pct` and the refresh keys of RefreshParams
/// — to the spec of a parameter struct with members `order_amount`, `inventory_target_base_pct`
/// and `refresh`.
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
          Bounds::above(0.0),
          "how long orders stay before they are re-priced (required in Hummingbot's config; "
          "30s is its strategy's default)")
      .number(
          "order_refresh_tolerance_pct",
          [](P& p) -> double& { return p.refresh.order_refresh_tolerance_pct; },
          Bounds::between(-10.0, 10.0),
          "keep orders whose new prices are within this percentage of the old ones; negative: "
          "always refresh")
      .duration(
          "max_order_age", [](P& p) -> Nanos& { return p.refresh.max_order_age; },
          Bounds::above(0.0), "orders older than this are replaced (rules: docs/miners.md)")
      .duration(
          "filled_order_delay", [](P& p) -> Nanos& { return p.refresh.filled_order_delay; },
          Bounds::above(0.0), "wait after a complete fill before new orders");
}

/// What differs in the order life cycle between Hummingbot's strategies and releases
/// (docs/miners.md, "The refresh cycle").
struct CycleRules {
  /// Orders kept within tolerance restart the refresh timers (pure market making up to v0.40,
  /// Avellaneda–Stoikov always); otherwise the proposal is compared again at every tick.
  bool reset_timers_when_kept = false;
  enum class MaxAge : std::uint8_t {
    kRefreshInPlace,        ///< v0.34–v0.40: each aged order cancelled and re-placed at once
    kCancelAllWhenAnyAged,  ///< PMM v0.41+: any aged order → every non-hanging order cancelled
    kCancelAged,            ///< Avellaneda–Stoikov v0.41+: each aged order cancelled
  };
  MaxAge max_age = MaxAge::kCancelAllWhenAnyAged;
  enum class Hanging : std::uint8_t {
    kOppositeSide,   ///< PMM up to v0.43: on a fill every order of the other side hangs
    kPairedTracker,  ///< HangingOrdersTracker (PMM v0.44+, AS v0.41+): the filled level's partner
  };
  Hanging hanging = Hanging::kPairedTracker;
  bool hanging_enabled = false;
  double hanging_cancel_pct = 10.0;  ///< percent of the reference price
  /// PMM's minimum_spread as a fraction; unset for strategies without it (Avellaneda–Stoikov).
  std::optional<double> minimum_spread;
  bool filter_takers = true;  ///< drop proposed orders that would cross (PMM's c_filter_out_takers)
  LimitType order_type = LimitType::kPostOnly;  ///< LIMIT_MAKER, or LIMIT with take_if_crossed
  /// v0.44+: any cancel in flight (hanging orders' too) delays new orders; before, only
  /// cancels of orders that are not hanging do.
  bool wait_for_every_cancel = true;
  /// Avellaneda–Stoikov at the head: orders are compared and cancelled only when a proposal was
  /// built (at the create timer), never on the cancel timer alone.
  bool cancel_only_with_proposal = false;
};

/// The order life cycle shared by Hummingbot's market-making strategies — pure market making's
/// `c_tick` and Avellaneda–Stoikov's — reproduced step by step, with the differences between
/// releases given by CycleRules; subclasses only say which orders they want (`propose`).
/// At each tick:
/// 1. when the create timer has come (create_timestamp ≤ now), build a proposal, cut sizes to
///    the budget (buys cost price × size × (1 + maker fee); hanging orders' funds are not
///    available) and, for pure market making, drop orders that would cross;
/// 2. hanging orders (tracker): cancel those further than hanging_orders_cancel_pct from the
///    reference price, renew those older than max_order_age;
/// 3. max_order_age (v0.41+ rules);
/// 4. when the cancel timer has come, cancel every order that is not hanging unless all prices
///    of the proposal are within order_refresh_tolerance_pct of the current ones (same count per
///    side); a kept set restarts the timers under `reset_timers_when_kept`;
/// 5. hanging orders (up to v0.43): cancel those at or beyond hanging_orders_cancel_pct;
/// 6. cancel orders closer to the reference price than minimum_spread;
/// 7. max_order_age (v0.34–v0.40 rule: re-place aged orders at once);
/// 8. when create_timestamp < now, no cancel is in flight or was sent in this tick, and no
///    order is active but hanging ones, place the proposal and set both timers to
///    now + order_refresh_time.
/// A completely filled order (not hanging) sets the create timer to now + filled_order_delay
/// (and pulls the cancel timer forward to it). As in Hummingbot, cancelling and re-creating take
/// two ticks, so quotes are briefly absent at each refresh — which the campaign's random
/// snapshots notice.
class RefreshingQuoter : public MinerStrategy {
 public:
  RefreshingQuoter(RefreshParams params, CycleRules rules) : params_(params), rules_(rules) {}

  void tick(MinerView& view) override;
  void on_fill(MinerView& view, const ClientFill& fill) override;
  Nanos next_tick(Nanos now) const override;
  bool idle_until_quote_change(Nanos now) const override;
  void restart(Nanos now) override;
  void set_quoting(double size_scale, std::optional<double> spread) override;

  const RefreshParams& refresh_params() const { return params_; }
  const CycleRules& cycle_rules() const { return rules_; }
  /// Whether the order is one of the strategy's hanging orders now.
  bool is_hanging(ClientOrderId id) const;

 protected:
  /// The orders wanted now, before the budget and the taker filter, into `proposal` (given
  /// empty; reused from tick to tick, so proposing allocates nothing once warm); false when the
  /// strategy cannot price (e.g. one side of the book is empty).
  virtual bool propose(MinerView& view, Proposal& proposal) = 0;
  /// Whether propose() depends on nothing but the book top, the time of the create timer and
  /// the miner's balances (which only fills change), so that re-pricing can wait for the top to
  /// move.
  virtual bool prices_from_book_top_only() const = 0;
  /// The price that minimum_spread and hanging-order distances are measured from (Hummingbot's
  /// get_price(): the mid unless the strategy says otherwise).
  virtual std::optional<double> reference_price(const MinerView& view) const { return view.mid(); }
  /// Whether reference_price depends on nothing but the book top and fills.
  virtual bool reference_from_book_top_only() const { return true; }
  /// Called first in every tick (Avellaneda–Stoikov samples the market here).
  virtual void before_tick(MinerView& view) { (void)view; }
  /// False while the strategy is not ready to trade: the tick then does nothing more.
  virtual bool ready(const MinerView& view) const {
    (void)view;
    return true;
  }
  /// False outside the strategy's trading window: no proposal, and active orders are cancelled.
  virtual bool trading_window_open(Nanos now) const {
    (void)now;
    return true;
  }
  /// Every fill of one of the strategy's orders, partial or complete, hanging or not.
  virtual void on_order_filled(MinerView& view, const ClientFill& fill) {
    (void)view;
    (void)fill;
  }
  /// A complete fill of an order that was not hanging (after the timers moved).
  virtual void on_complete_fill(MinerView& view, const ClientFill& fill) {
    (void)view;
    (void)fill;
  }
  /// Whether the strategy needs a tick at every clock step (it samples the market on each).
  virtual bool ticks_every_step() const { return false; }
  /// Whether the strategy follows the book top between ticks (it samples the market at every
  /// step, and fills in the steps it slept through from the top it last saw): it must then be
  /// woken whenever the top moves.
  virtual bool follows_book_top() const { return false; }
  /// A time of the strategy's own at which it must tick (its buffers fill, a cycle ends).
  virtual Nanos own_next_tick(Nanos now) const {
    (void)now;
    return std::numeric_limits<Nanos>::max();
  }
  /// Multiplies every size of `proposal` by the economics' size scale.
  void scale_sizes(Proposal& proposal) const;
  /// The strategy's own state starts afresh (called by restart).
  virtual void restart_strategy(Nanos now) { (void)now; }

 private:
  struct Pair {
    ClientOrderId buy = 0;
    ClientOrderId sell = 0;
    bool filled_buy = false;
    bool filled_sell = false;
  };
  struct Renewal {
    ClientOrderId order = 0;
    Side side = Side::kBid;
    Ticks price = 0;
    Lots size = 0;
  };
  struct Plan {
    Nanos next = 0;
    bool watch_quotes = false;
  };

  bool tracker() const { return rules_.hanging == CycleRules::Hanging::kPairedTracker; }
  void cancel(MinerView& view, const ClientOrder& order);
  void forget_closed(const MinerView& view);
  void complete_renewals(MinerView& view);
  void apply_budget(const MinerView& view, Proposal& proposal) const;
  static void filter_out_takers(const MinerView& view, Proposal& proposal);
  bool within_tolerance(const MinerView& view, Side side,
                        const std::vector<PriceSize>& proposed) const;
  void process_hanging_tracker(MinerView& view);
  void cancel_on_max_age(MinerView& view);
  void cancel_active_orders(MinerView& view, const Proposal* proposal);
  void promote_hanging_candidates(const MinerView& view);
  void cancel_far_hanging_orders(MinerView& view);
  void cancel_below_min_spread(MinerView& view);
  void refresh_aged_orders_in_place(MinerView& view);
  bool to_create_orders(const MinerView& view, const Proposal* proposal) const;
  void execute_proposal(MinerView& view, const Proposal& proposal);
  void set_timers(Nanos now);
  void remember(const MinerView& view);
  Plan plan(Nanos now) const;

  RefreshParams params_;
  CycleRules rules_;
  double size_scale_ = 1.0;  ///< economics' scale of every proposed size
  Nanos create_timestamp_ = 0;
  Nanos cancel_timestamp_ = 0;
  bool cancelled_this_tick_ = false;        ///< a cancel that blocks new orders was sent this tick
  std::vector<ClientOrderId> hanging_;      ///< hanging orders
  std::vector<Pair> pairs_;                 ///< the tracker's pairs of the last proposal placed
  std::vector<Renewal> renewals_;           ///< hanging orders being renewed (cancel sent)
  std::vector<Ticks> aged_hanging_prices_;  ///< v0.34: re-placed aged orders that hang again
  Proposal proposal_;                       ///< this tick's proposal (storage reused)
  mutable std::vector<Ticks> current_prices_;  ///< within_tolerance's scratch
  mutable std::vector<Ticks> wanted_prices_;
  // What the last tick left, for next_tick: see plan().
  bool nonhanging_active_ = false;  ///< an active order that is not hanging
  /// minimum_spread cancelled an order after the tolerance check: the next tick compares the
  /// remaining orders with a fresh proposal whether or not the book top moves.
  bool min_spread_cancelled_ = false;
  bool hanging_watch_ = false;    ///< hanging orders whose distance is checked every tick
  Nanos oldest_nonhanging_ = -1;  ///< submission time of the oldest active non-hanging order
  Nanos oldest_hanging_ = -1;     ///< … of the oldest active hanging order
  Nanos oldest_active_ = -1;      ///< … of the oldest active order
};

/// The age of an order as Hummingbot's `order_age` measures it: whole seconds (truncated) since
/// it was created, on the strategy's clock.
std::int64_t order_age_seconds(Nanos submitted, Nanos now);

}  // namespace lmsim::sim::miners
