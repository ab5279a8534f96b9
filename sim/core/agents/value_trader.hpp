#pragma once

#include <vector>

#include "sim/core/agent.hpp"
#include "sim/core/agents/order_size_model.hpp"

namespace lmsim::sim::agents {

/// How a value trader prices its order.
enum class ValuePricing {
  kValue,   ///< at its estimate less (buys) or plus (sells) a margin: crosses when far from the mid
  kQuotes,  ///< ABIDES: at the opposite quote less an offset of up to depth_spread × spread
};

struct ValueTraderParams {
  Nanos mean_interval = 175'400'000'000;  ///< ABIDES: 1/λ_a = 1/5.7e-12 ns ≈ 175.4 s
  double observation_noise = 0.000316;    ///< std of the noisy fundamental, fraction of r̄
  Nanos belief_reversion_time =
      600'000'000'000'000;  ///< 1/κ of the agent's appraisal (ABIDES 1/1.67e-15 ns)
  /// How far ahead the agent values the asset: the estimate is of the value at min(now +
  /// valuation_horizon, end of run). The default, a century, is ABIDES': the value at the close
  /// of any run; 0 values it now.
  Nanos valuation_horizon = 36'500 * engine::kNanosPerDay;
  ValuePricing pricing = ValuePricing::kQuotes;  ///< ABIDES'; kValue is the realistic choice
  /// With kValue: the margin is uniform in [min_margin, max_margin], a fraction of the estimate.
  double min_margin = 0.0;
  double max_margin = 0.00005;
  /// How long its order rests before it is withdrawn; 0 (ABIDES) keeps it until the agent's next
  /// wake. An order that outlives the value it was priced at is a stale quote that the next
  /// value trader takes, which narrows the spread to a tick or two whatever the margins.
  Nanos order_lifetime = 0;
  double percent_aggressive = 0.1;  ///< probability of pricing exactly at the opposite quote
  int depth_spread = 2;             ///< otherwise a uniform offset in [0, depth_spread × spread)
};

/// ABIDES' ValueAgent, with its numbers: wakes at Poisson times, cancels its open orders,
/// observes the fundamental with Gaussian noise and estimates the value `valuation_horizon`
/// ahead as r̄ + (observation − r̄)·e^{−Δ/τ} (Δ = min(valuation_horizon, time left), τ =
/// belief_reversion_time; ABIDES' Bayesian update reduces to this because its prior variance
/// dwarfs the observation noise). ABIDES values at the close (Δ = time left): over a run of
/// several reversion times that shrinks every estimate towards r̄, and the mid then trails the
/// fundamental in slow waves; a horizon of 0 values the asset now.
///
/// It buys when the estimate is at or above the mid, else sells, and prices the order by
/// `pricing`:
/// - kValue: a limit order at the estimate less a margin (a sell: plus), the margin uniform in
///   [min_margin, max_margin] of the estimate — the fundamentalist of Chiarella & Iori (2002). When
///   the mid is far from the value the order crosses and takes what lies up to its price, and its
///   remainder becomes the new best quote: the price follows the value at the rate value traders
///   arrive, whatever the tick size.
/// - kQuotes (ABIDES, the default): at the best ask − offset (a sell: best bid + offset), the
/// offset 0 with
///   probability `percent_aggressive` and otherwise uniform in whole ticks on [0, depth_spread ×
///   spread). The price then moves a tick or so per order, so it lags a fundamental that moves
///   many ticks a minute (a fine tick, a volatile market).
/// With a one-sided book it picks a side at random and prices at its estimate. Sizes come from
/// the order-size model.
class ValueTrader final : public Agent {
 public:
  ValueTrader(ValueTraderParams params, OrderSizeModel sizes, double mean, Nanos start, Nanos end);
  void start(AgentContext& context) override;
  void on_wake(AgentContext& context) override;

 private:
  Nanos next_gap(RandomStream& random) const;

  ValueTraderParams params_;
  OrderSizeModel sizes_;
  double mean_;
  Nanos start_;
  Nanos end_;
  std::vector<OrderId> open_;
  Nanos next_arrival_ = 0;
};

}  // namespace lmsim::sim::agents
