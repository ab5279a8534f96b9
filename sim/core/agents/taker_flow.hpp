#pragma once

#include "sim/core/agent.hpp"

namespace lmsim::sim::agents {

struct TakerFlowParams {
  Nanos mean_interval = 10 * engine::kNanosPerSecond;  ///< mean gap between market orders
  double size_scale = 1.0;         ///< Pareto scale x_m, base asset (the smallest order)
  double size_alpha = 1.5;         ///< Pareto tail index (smaller = heavier tail)
  double max_size = 100.0;         ///< cap, base asset
  double informed_fraction = 0.2;  ///< share of orders that trade towards the fundamental
};

/// Taker flow: market orders at Poisson times with heavy-tailed (Pareto) sizes, capped. A share
/// `informed_fraction` of them is informed — it buys when the fundamental is above the mid and
/// sells when below — the rest pick a side with a fair coin. The informed part is what makes
/// quoting bear adverse selection: liquidity providers are traded against more often when the
/// price is about to move against them.
class TakerFlow final : public Agent {
 public:
  TakerFlow(TakerFlowParams params, Nanos start);
  void start(AgentContext& context) override;
  void on_wake(AgentContext& context) override;

 private:
  Nanos next_gap(RandomStream& random) const;

  TakerFlowParams params_;
  Nanos start_;
};

}  // namespace lmsim::sim::agents
