#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/miners/refreshing_quoter.hpp"
#include "sim/core/miners/trailing_indicators.hpp"

namespace lmsim::sim::miners {

/// Parameters of Hummingbot's avellaneda_market_making strategy with its names and meanings, for
/// the two generations lmsim follows (docs/miners.md):
/// - "2021" (v0.45.0, `avellaneda_market_making_config_map.py`): with
///   parameters_based_on_spread (the default) γ, κ and η are derived from min_spread,
///   max_spread, vol_to_spread_multiplier and inventory_risk_aversion; otherwise risk_factor,
///   order_book_depth_factor and order_amount_shape_factor give them;
/// - "current" (master, `avellaneda_market_making_config_map_pydantic.py`): γ = risk_factor,
///   η = order_amount_shape_factor, κ (and α) estimated from the market's trades.
/// Keys whose default or range differs between the two are optional here and resolved (or
/// rejected) by the spec for the chosen release. Percentages are percent (0.5 = 0.5%).
struct AvellanedaStoikovParams {
  HummingbotVersion hummingbot_version = HummingbotVersion::k2021;
  double order_amount = 1.0;
  double inventory_target_base_pct = 50.0;
  RefreshParams refresh;
  bool order_optimization_enabled = true;
  bool add_transaction_costs = false;
  std::vector<engine::ParamRow> order_override;
  double hanging_orders_cancel_pct = 10.0;
  std::optional<bool> should_wait_order_cancel_confirmation;
  // Both releases, with release-dependent defaults and ranges.
  std::optional<double> min_spread;
  std::optional<double> risk_factor;
  std::optional<double> order_amount_shape_factor;
  std::optional<int> volatility_buffer_size;
  std::optional<int> order_levels;
  // "2021" only.
  std::optional<bool> parameters_based_on_spread;
  std::optional<double> max_spread;
  std::optional<double> vol_to_spread_multiplier;
  std::optional<double> volatility_sensibility;
  std::optional<double> inventory_risk_aversion;
  std::optional<double> order_book_depth_factor;
  std::optional<Nanos> closing_time;
  std::optional<bool> hanging_orders_enabled;
  // "current" only.
  std::optional<std::string> execution_timeframe_mode;
  std::optional<std::string> start_datetime;
  std::optional<std::string> end_datetime;
  std::optional<std::string> start_time;
  std::optional<std::string> end_time;
  std::optional<int> trading_intensity_buffer_size;
  std::optional<std::string> order_levels_mode;
  std::optional<double> level_distances;
  std::optional<std::string> hanging_orders_mode;
};

/// The parameters of one release, every default filled in (fractions, not percent).
struct AvellanedaStoikovSettings {
  HummingbotVersion version = HummingbotVersion::k2021;
  double order_amount = 1.0;
  double target_base_ratio = 0.5;
  bool order_optimization = true;
  bool add_transaction_costs = false;
  std::vector<engine::ParamRow> order_override;
  int volatility_buffer_size = 60;
  int order_levels = 1;
  // "2021"
  bool spread_based = true;
  double min_spread = 0.0;  ///< fraction of the mid ("2021"); percent of the mid ("current")
  double max_spread = 0.0;  ///< fraction of the mid
  double vol_to_spread_multiplier = 1.3;
  double volatility_sensibility = 0.2;  ///< fraction
  double inventory_risk_aversion = 0.5;
  double risk_factor = 1.0;              ///< γ when given
  double order_book_depth_factor = 0.1;  ///< κ when given
  double order_amount_shape_factor = 0.0;
  Nanos closing_time = engine::kNanosPerHour;
  // "current"
  int trading_intensity_buffer_size = 200;
  double level_distances = 0.0;  ///< percent of half the optimal spread
  enum class Timeframe : std::uint8_t { kInfinite, kFromDateToDate, kDailyBetweenTimes };
  Timeframe timeframe = Timeframe::kInfinite;
  Nanos window_start = 0;  ///< from_date_to_date: instants; daily: offsets into the UTC day
  Nanos window_end = 0;
};

/// Resolves `params` for their release (assumes the spec's checks passed).
AvellanedaStoikovSettings resolve(const AvellanedaStoikovParams& params);

/// The formulas of the "2021" Avellaneda–Stoikov (v0.45.0, `avellaneda_market_making.pyx`),
/// exposed for tests. Prices and spreads in quote currency, σ in price units.
namespace as2021 {

/// γ, κ, η from the spreads (`c_recalculate_parameters` with `_get_min_and_max_spread`):
/// s_min = max(min_spread·p, m·σ), s_max = max_spread·p·s_min/(min_spread·p);
/// γ = ira·min((s_max − s_min)/(2|q|σ²), (s_max(2 − ira)/ira + s_min)/σ²);
/// κ = γ / (e^((Sγ − (σγ)²)/2) − 1) with S = s_max(2 − ira) + s_min·ira (1e100 when the
/// exponent is not positive); η = ira·ln 10 / target_base (1 when the target is 0).
struct Parameters {
  double gamma = 0.0;
  double kappa = 0.0;
  double eta = 0.0;
};
Parameters parameters_from_spreads(double mid, double q, double sigma, double target_base,
                                   double min_spread, double max_spread, double multiplier,
                                   double risk_aversion);

/// The optimal prices (`c_calculate_reserved_price_and_optimal_spread`):
/// r = p − q·γ·σ²·τ, δ = γ·σ²·τ + (2/γ)·ln(1 + γ/κ); with spread-based parameters the bid is
/// clamped to [p(1 − max·f), p(1 − min·f)] and the ask to [p(1 + min·f), p(1 + max·f)],
/// f = max(m·σ, p·min)/(p·min); otherwise the bid to [0, p] and the ask to [p, ∞).
struct Quotes {
  double reservation = 0.0;
  double spread = 0.0;
  double bid = 0.0;
  double ask = 0.0;
};
Quotes optimal_quotes(double mid, double q, double sigma, double tau, double gamma, double kappa,
                      bool spread_based, double min_spread, double max_spread, double multiplier);

}  // namespace as2021

/// The formulas of the "current" Avellaneda–Stoikov (master), exposed for tests.
namespace as_current {

/// `c_calculate_reservation_price_and_optimal_spread`: r = p − q·γ·σ·τ,
/// δ = γ·σ·τ + (2/γ)·ln(1 + γ/κ), ask = max(r + δ/2, p + m/2), bid = min(r − δ/2, p − m/2) with
/// m = p·min_spread_pct/100 (the whole minimum width).
as2021::Quotes optimal_quotes(double mid, double q, double sigma, double tau, double gamma,
                              double kappa, double min_spread_pct);

}  // namespace as_current

/// Hummingbot's Avellaneda–Stoikov market maker at the release `hummingbot_version` names
/// ("2021" or "current"; there was none in 2020). At every tick it samples the mid (and, for
/// "current", the market's trades) on the strategy's clock; it quotes only once its buffers are
/// full. When the create timer has come it computes the reservation price and optimal spread,
/// builds one order per side (or levels, or order_override rows), shapes sizes by
/// e^(−η·q) on the side that would grow the inventory's imbalance, applies order optimization
/// (never closer than one tick in front of the best quote) and add_transaction_costs. There is
/// no taker filter: an order that would cross when it arrives is refused by the venue
/// (post-only). The order life cycle is RefreshingQuoter's, with Avellaneda–Stoikov's rules
/// (kept orders restart the timers; aged orders go one by one).
/// The registered strategy "avellaneda_stoikov".
StrategyKind avellaneda_stoikov_kind();

class AvellanedaStoikov final : public RefreshingQuoter {
 public:
  AvellanedaStoikov(AvellanedaStoikovParams params, const StrategySetup& setup);

  static CycleRules rules(const AvellanedaStoikovParams& params);
  const AvellanedaStoikovSettings& settings() const { return settings_; }
  double quoted_amount() const override { return settings_.order_amount; }

  Nanos trade_tape_needed() const override;

 protected:
  bool propose(MinerView& view, Proposal& proposal) override;
  bool prices_from_book_top_only() const override { return false; }
  void before_tick(MinerView& view) override;
  bool ready(const MinerView& view) const override;
  bool trading_window_open(Nanos now) const override;
  bool ticks_every_step() const override {
    return settings_.version == HummingbotVersion::kCurrent;
  }
  bool follows_book_top() const override {
    return settings_.version != HummingbotVersion::kCurrent;
  }
  Nanos own_next_tick(Nanos now) const override;
  void restart_strategy(Nanos now) override;

 private:
  struct Inventory {
    double base = 0.0;
    double target = 0.0;  ///< quantized target base
    double total_in_base = 0.0;
  };
  Inventory inventory(const MinerView& view, double mid) const;
  double volatility_2021(const MinerView& view) const;
  void recalculate_2021(const MinerView& view, double mid);
  bool compute_quotes(const MinerView& view, double mid);
  void base_proposal(const MinerView& view, double mid, Proposal& proposal) const;
  void shape_sizes(const MinerView& view, double mid, Proposal& proposal) const;
  void optimize(const MinerView& view, Proposal& proposal) const;
  void add_costs(const MinerView& view, Proposal& proposal) const;
  Ticks quantize(const MinerView& view, double price) const;
  double time_fraction(Nanos now) const;
  Nanos step_at_or_before(Nanos time) const;

  AvellanedaStoikovSettings settings_;
  Nanos clock_start_;
  Nanos step_;
  PriceStdDevVolatility price_volatility_;
  TickVolatility tick_volatility_;
  TradingIntensity intensity_;
  std::vector<TradeSample> trades_;
  std::optional<Nanos> last_tick_;
  // "2021" state. It samples the mid at every clock step but ticks only when something can
  // happen or the book top moved: the steps in between saw the top of its last tick.
  Nanos last_step_ = 0;             ///< the last clock step sampled
  std::optional<double> last_mid_;  ///< the mid its last tick saw
  Nanos time_left_ = 0;
  double q_adjustment_ = 1e5;
  std::optional<as2021::Parameters> parameters_;
  double last_calculation_volatility_ = 0.0;
  // Both.
  double optimal_bid_ = 0.0;
  double optimal_ask_ = 0.0;
  double optimal_spread_ = 0.0;
};

}  // namespace lmsim::sim::miners
