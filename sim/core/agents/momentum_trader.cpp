#include "sim/core/agents/momentum_trader.hpp"

#include <cmath>

namespace lmsim::sim::agents {

MomentumTrader::MomentumTrader(MomentumTraderParams params, OrderSizeModel sizes, Nanos start)
    : params_(params),
      sizes_(sizes),
      start_(start),
      mids_(static_cast<std::size_t>(params.long_window), 0.0) {}

Nanos MomentumTrader::next_gap(RandomStream& random) const {
  return 1 +
         static_cast<Nanos>(random.exponential(1.0) * static_cast<double>(params_.mean_interval));
}

void MomentumTrader::start(AgentContext& context) {
  context.wake_at(start_ + next_gap(context.random()));
}

double MomentumTrader::average(int window) const {
  // Newest first, stepping back round the ring (one division per call, not one per mid; the
  // sum's order, and so its rounding, is the same).
  double sum = 0.0;
  const std::size_t size = mids_.size();
  std::size_t at = (observed_ - 1) % size;
  for (int i = 1; i <= window; ++i) {
    sum += mids_[at];
    at = at == 0 ? size - 1 : at - 1;
  }
  return std::round(sum / window * 100.0) / 100.0;
}

void MomentumTrader::on_wake(AgentContext& context) {
  RandomStream& random = context.random();
  context.wake_at(context.now() + next_gap(random));
  const auto bid = context.book().best(Side::kBid);
  const auto ask = context.book().best(Side::kAsk);
  if (!bid || !ask) return;
  mids_[observed_ % mids_.size()] = context.spec().price(*bid + *ask) / 2.0;
  ++observed_;
  if (observed_ <= static_cast<std::size_t>(params_.long_window)) return;
  const Lots size = sizes_.sample(random);
  if (size <= 0) return;
  if (average(params_.short_window) >= average(params_.long_window)) {
    context.submit_limit(Side::kBid, *ask, size);
  } else {
    context.submit_limit(Side::kAsk, *bid, size);
  }
}

}  // namespace lmsim::sim::agents
