#include "sim/core/agents/noise_trader.hpp"

#include <algorithm>
#include <cmath>

namespace lmsim::sim::agents {

NoiseTrader::NoiseTrader(NoiseTraderParams params, OrderSizeModel sizes, Nanos start, Nanos end)
    : params_(params), sizes_(sizes), start_(start), end_(end) {}

void NoiseTrader::start(AgentContext& context) {
  RandomStream& random = context.random();
  if (params_.arrival == NoiseArrival::kOnceUQuadratic) {
    // Inverse CDF of the density 12(x − ½)² on [0, 1] (ABIDES' get_wake_time).
    const double x = std::cbrt(random.uniform() / 4.0 - 0.125) + 0.5;
    const Nanos open = start_ - params_.pre_open;
    const Nanos wake = open + static_cast<Nanos>(x * static_cast<double>(end_ - open));
    if (wake < end_) context.wake_at(std::max(wake, start_));
  } else {
    context.wake_at(start_ + static_cast<Nanos>(random.exponential(1.0) *
                                                static_cast<double>(params_.mean_interval)));
  }
}

void NoiseTrader::on_wake(AgentContext& context) {
  RandomStream& random = context.random();
  if (params_.cancel_previous && resting_ != 0) {
    context.cancel(resting_);
    resting_ = 0;
  }
  const bool buy = random.bernoulli(0.5);
  const Lots size = sizes_.sample(random);
  const auto price = context.book().best(buy ? Side::kAsk : Side::kBid);
  if (size > 0 && price)
    resting_ = context.submit_limit(buy ? Side::kBid : Side::kAsk, *price, size).resting;
  if (params_.arrival == NoiseArrival::kPoisson) {
    context.wake_at(
        context.now() + 1 +
        static_cast<Nanos>(random.exponential(1.0) * static_cast<double>(params_.mean_interval)));
  }
}

}  // namespace lmsim::sim::agents
