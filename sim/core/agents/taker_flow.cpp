#include "sim/core/agents/taker_flow.hpp"

#include <algorithm>

namespace lmsim::sim::agents {

TakerFlow::TakerFlow(TakerFlowParams params, Nanos start) : params_(params), start_(start) {}

Nanos TakerFlow::next_gap(RandomStream& random) const {
  return 1 +
         static_cast<Nanos>(random.exponential(1.0) * static_cast<double>(params_.mean_interval));
}

void TakerFlow::start(AgentContext& context) {
  context.wake_at(start_ + next_gap(context.random()));
}

void TakerFlow::on_wake(AgentContext& context) {
  RandomStream& random = context.random();
  context.wake_at(context.now() + next_gap(random));
  const OrderBook& book = context.book();
  bool buy = random.bernoulli(0.5);
  if (random.bernoulli(params_.informed_fraction) && book.has_two_sides()) {
    const double mid = book.mid_ticks() * context.spec().tick_size;
    buy = context.signals().fundamental >= mid;
  }
  const double size =
      std::min(random.pareto(params_.size_scale, params_.size_alpha), params_.max_size);
  const Lots lots = context.spec().lots_floor(size);
  if (lots > 0) context.submit_market(buy ? Side::kBid : Side::kAsk, lots);
}

}  // namespace lmsim::sim::agents
