#pragma once

#include "sim/core/agent.hpp"
#include "sim/core/agents/order_size_model.hpp"

namespace lmsim::sim::agents {

/// When noise traders arrive.
enum class NoiseArrival {
  kOnceUQuadratic,  ///< ABIDES: once per run, at a U-quadratic time in [start − pre_open, end]
  kPoisson,         ///< repeatedly, with exponential gaps of mean `mean_interval`
};

struct NoiseTraderParams {
  NoiseArrival arrival = NoiseArrival::kOnceUQuadratic;
  Nanos pre_open = 30 * engine::kNanosPerMinute;
  Nanos mean_interval = engine::kNanosPerHour;
  /// Cancel what is left of the previous order before acting (off in ABIDES, whose one-day runs
  /// never see stale orders pile up; worth turning on for week-long Poisson runs).
  bool cancel_previous = false;
};

/// ABIDES' NoiseAgent: flips a fair coin and sends a limit order of a model size at the opposite
/// best quote (a buy at the best ask, a sell at the best bid), so it takes liquidity; whatever
/// does not fill rests at that price. Like ABIDES' it never cancels, unless `cancel_previous`.
/// Nothing is sent when the needed side of the book is empty. Arrivals follow NoiseTraderParams;
/// ABIDES' once-a-day U-quadratic arrival density 12(x − ½)² crowds them at the start and end of
/// the window, and those drawn before the start act at the start (as ABIDES' do, in its first 100
/// ns).
class NoiseTrader final : public Agent {
 public:
  NoiseTrader(NoiseTraderParams params, OrderSizeModel sizes, Nanos start, Nanos end);
  void start(AgentContext& context) override;
  void on_wake(AgentContext& context) override;

 private:
  NoiseTraderParams params_;
  OrderSizeModel sizes_;
  Nanos start_;
  Nanos end_;
  OrderId resting_ = 0;
};

}  // namespace lmsim::sim::agents
