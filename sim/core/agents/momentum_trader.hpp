#pragma once

#include <vector>

#include "sim/core/agent.hpp"
#include "sim/core/agents/order_size_model.hpp"

namespace lmsim::sim::agents {

struct MomentumTraderParams {
  Nanos mean_interval = 37 * engine::kNanosPerSecond;
  int short_window = 20;
  int long_window = 50;
};

/// ABIDES' MomentumAgent: at Poisson times it records the book mid (when both sides exist);
/// once it has more than `long_window` mids, it compares the mean of the last `short_window`
/// with that of the last `long_window` (both rounded to cents, as ABIDES rounds to 2 decimals)
/// and buys at the best ask when the short average is at or above the long one, otherwise sells
/// at the best bid, with a model size. It never cancels; remainders rest.
class MomentumTrader final : public Agent {
 public:
  MomentumTrader(MomentumTraderParams params, OrderSizeModel sizes, Nanos start);
  void start(AgentContext& context) override;
  void on_wake(AgentContext& context) override;

 private:
  double average(int window) const;
  Nanos next_gap(RandomStream& random) const;

  MomentumTraderParams params_;
  OrderSizeModel sizes_;
  Nanos start_;
  std::vector<double> mids_;  ///< ring of the last long_window mids
  std::size_t observed_ = 0;
};

}  // namespace lmsim::sim::agents
