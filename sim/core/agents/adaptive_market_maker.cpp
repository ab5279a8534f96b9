#include "sim/core/agents/adaptive_market_maker.hpp"

#include <algorithm>
#include <cmath>

namespace lmsim::sim::agents {

AdaptiveMarketMaker::AdaptiveMarketMaker(AdaptiveMarketMakerParams params, Nanos start)
    : params_(params), start_(start), spread_ewma_(params.initial_spread) {}

Nanos AdaptiveMarketMaker::next_gap(RandomStream& random) const {
  return 1 +
         static_cast<Nanos>(random.exponential(1.0) * static_cast<double>(params_.mean_interval));
}

void AdaptiveMarketMaker::start(AgentContext& context) {
  context.wake_at(start_ + next_gap(context.random()));
}

void AdaptiveMarketMaker::on_wake(AgentContext& context) {
  context.wake_at(context.now() + next_gap(context.random()));
  for (const OrderId id : open_) context.cancel(id);
  open_.clear();

  const auto bid = context.book().best(Side::kBid);
  const auto ask = context.book().best(Side::kAsk);
  if (bid && ask) {
    last_mid_ = (*bid + *ask) / 2;
    spread_ewma_ = params_.spread_alpha * static_cast<double>(*ask - *bid) +
                   (1.0 - params_.spread_alpha) * spread_ewma_;
  }
  if (!last_mid_) return;
  const auto [buys, sells] = context.traded_volume(params_.mean_interval);
  const Lots volume = buys + sells;
  const Lots size =
      std::max<Lots>(saturated_int64(std::nearbyint(params_.pov * static_cast<double>(volume))),
                     params_.min_order_size);
  const double quoted = std::max(spread_ewma_, params_.min_spread);
  const Ticks step =
      std::max<Ticks>(1, saturated_int64(std::nearbyint(params_.level_spacing * quoted)));
  double centre = static_cast<double>(*last_mid_);
  if (volume > 0) {
    const double imbalance = 2.0 * static_cast<double>(buys) / static_cast<double>(volume) - 1.0;
    centre += imbalance * params_.price_skew;
  }
  const Ticks middle = saturated_int64(centre);  // truncation, as ABIDES' int()
  // Prices in double, saturated: with extreme parameters they leave the int64 range (the book
  // then refuses them as off the market) instead of wrapping round.
  const double highest_bid = static_cast<double>(middle) - std::floor(0.5 * quoted);
  const double lowest_ask = static_cast<double>(middle) + std::ceil(0.5 * quoted);
  const auto level = [&](double first, int k, double direction) {
    return saturated_int64(first + direction * static_cast<double>(k) * static_cast<double>(step));
  };
  for (int k = params_.levels - 1; k >= 0; --k) {
    const Ticks price = level(highest_bid, k, -1.0);
    if (price <= 0) continue;
    const LimitResult result = context.submit_limit(Side::kBid, price, size);
    if (result.resting != 0) open_.push_back(result.resting);
  }
  for (int k = 0; k < params_.levels; ++k) {
    const LimitResult result = context.submit_limit(Side::kAsk, level(lowest_ask, k, 1.0), size);
    if (result.resting != 0) open_.push_back(result.resting);
  }
}

}  // namespace lmsim::sim::agents
