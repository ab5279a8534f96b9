#include "sim/core/agents/value_trader.hpp"

#include <algorithm>
#include <cmath>

namespace lmsim::sim::agents {

ValueTrader::ValueTrader(ValueTraderParams params, OrderSizeModel sizes, double mean, Nanos start,
                         Nanos end)
    : params_(params), sizes_(sizes), mean_(mean), start_(start), end_(end) {}

Nanos ValueTrader::next_gap(RandomStream& random) const {
  return 1 +
         static_cast<Nanos>(random.exponential(1.0) * static_cast<double>(params_.mean_interval));
}

void ValueTrader::start(AgentContext& context) {
  next_arrival_ = start_ + next_gap(context.random());
  context.wake_at(next_arrival_);
}

void ValueTrader::on_wake(AgentContext& context) {
  RandomStream& random = context.random();
  const Nanos now = context.now();
  for (const OrderId id : open_) context.cancel(id);
  open_.clear();
  if (now < next_arrival_) {
    // Woken only to withdraw an order that outlived its lifetime.
    context.wake_at(next_arrival_);
    return;
  }
  next_arrival_ = now + next_gap(random);
  context.wake_at(params_.order_lifetime > 0 ? std::min(next_arrival_, now + params_.order_lifetime)
                                             : next_arrival_);

  const double observation =
      context.signals().fundamental + random.normal() * params_.observation_noise * mean_;
  const double left =
      static_cast<double>(std::min(params_.valuation_horizon, std::max<Nanos>(0, end_ - now)));
  const double shrink = std::exp(-left / static_cast<double>(params_.belief_reversion_time));
  const double estimate = mean_ + (observation - mean_) * shrink;
  const MarketSpec& spec = context.spec();
  const auto bid = context.book().best(Side::kBid);
  const auto ask = context.book().best(Side::kAsk);

  Side side = Side::kBid;
  Ticks price = 0;
  if (bid && ask) {
    // ABIDES truncates the mid to an integer price before comparing.
    const double mid = spec.price((*bid + *ask) / 2);
    side = estimate >= mid ? Side::kBid : Side::kAsk;
    if (params_.pricing == ValuePricing::kValue) {
      const double margin = random.uniform(params_.min_margin, params_.max_margin);
      price = side == Side::kBid ? spec.ticks_floor(estimate * (1.0 - margin))
                                 : spec.ticks_ceil(estimate * (1.0 + margin));
    } else {
      const Ticks spread = *ask - *bid;
      const Ticks offset = random.bernoulli(params_.percent_aggressive)
                               ? 0
                               : static_cast<Ticks>(random.below(static_cast<std::uint64_t>(
                                     std::max<Ticks>(1, params_.depth_spread * spread))));
      price = side == Side::kBid ? *ask - offset : *bid + offset;
    }
  } else {
    side = random.bernoulli(0.5) ? Side::kBid : Side::kAsk;
    price = static_cast<Ticks>(std::llround(estimate / spec.tick_size));
  }
  const Lots size = sizes_.sample(random);
  if (size <= 0 || price <= 0) return;
  const LimitResult result = context.submit_limit(side, price, size);
  if (result.resting != 0) open_.push_back(result.resting);
}

}  // namespace lmsim::sim::agents
