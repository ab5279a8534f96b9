#pragma once

#include <vector>

#include "sim/core/agent.hpp"
#include "sim/core/agents/order_size_model.hpp"

namespace lmsim::sim::agents {

struct ValueTraderParams {
  Nanos mean_interval = 175'400'000'000;  ///< ABIDES: 1/λ_a = 1/5.7e-12 ns ≈ 175.4 s
  double observation_noise = 0.000316;    ///< std of the noisy fundamental, fraction of r̄
  Nanos belief_reversion_time =
      600'000'000'000'000;          ///< 1/κ of the agent's appraisal (ABIDES 1/1.67e-15 ns)
  double percent_aggressive = 0.1;  ///< probability of pricing exactly at the opposite quote
  int depth_spread = 2;             ///< otherwise a uniform offset in [0, depth_spread × spread)
};

/// ABIDES' ValueAgent, with its numbers: wakes at Poisson times, cancels its open orders,
/// observes the fundamental with Gaussian noise and estimates the value at the end of the run as
/// r̄ + (observation − r̄)·e^{−Δ/τ} (Δ = time left, τ = belief_reversion_time; ABIDES' Bayesian
/// update reduces to this because its prior variance dwarfs the observation noise). It then buys
/// when the estimate is at or above the mid — at best ask − offset — and sells otherwise at best
/// bid + offset, where the offset is 0 with probability `percent_aggressive` and otherwise uniform
/// in whole ticks on [0, depth_spread × spread). With a one-sided book it picks a side at random
/// and prices at its estimate. Sizes come from the order-size model.
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
};

}  // namespace lmsim::sim::agents
