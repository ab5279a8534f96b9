#include "sim/core/agents/liquidity_provider.hpp"

#include <algorithm>
#include <cmath>

namespace lmsim::sim::agents {

LiquidityProvider::LiquidityProvider(LiquidityProviderParams params, OrderSizeModel sizes,
                                     Nanos start)
    : params_(params), sizes_(sizes), start_(start) {}

Nanos LiquidityProvider::gap(RandomStream& random, Nanos mean) const {
  return 1 + static_cast<Nanos>(random.exponential(1.0) * static_cast<double>(mean));
}

void LiquidityProvider::start(AgentContext& context) {
  next_arrival_ = start_ + gap(context.random(), params_.mean_interval);
  context.wake_at(next_arrival_);
}

void LiquidityProvider::schedule(AgentContext& context) const {
  Nanos wake = next_arrival_;
  if (!expiries_.empty()) wake = std::min(wake, expiries_.front().expiry);
  context.wake_at(std::max(wake, context.now() + 1));
}

LiquidityProvider::Quote LiquidityProvider::quote_of(const Resting& order) {
  return {order.side == Side::kBid ? order.price : -order.price, order.id, order.slot};
}

void LiquidityProvider::forget(const Resting& order) {
  std::vector<Quote>& side = quotes(order.side);
  side.erase(std::lower_bound(side.begin(), side.end(), quote_of(order)));
}

void LiquidityProvider::withdraw_nearest(AgentContext& context, std::vector<Quote>& side) {
  const Quote nearest = side.back();
  context.cancel(nearest.id);
  withdrawn_[nearest.slot] = 1;
  side.pop_back();
  ++withdrawn_count_;
}

void LiquidityProvider::pop_expiry() {
  const std::uint32_t slot = expiries_.front().slot;
  std::pop_heap(expiries_.begin(), expiries_.end(), Later{});
  expiries_.pop_back();
  withdrawn_[slot] = 0;
  free_slots_.push_back(slot);
}

void LiquidityProvider::drop_withdrawn() {
  while (withdrawn_count_ > 0 && !expiries_.empty()) {
    if (withdrawn_[expiries_.front().slot] == 0) return;
    pop_expiry();
    --withdrawn_count_;
  }
}

void LiquidityProvider::place(AgentContext& context) {
  RandomStream& random = context.random();
  const OrderBook& book = context.book();
  const auto bid = book.best(Side::kBid);
  const auto ask = book.best(Side::kAsk);
  const bool buy = random.bernoulli(0.5);
  const double distance =
      random.bernoulli(params_.uniform_share)
          ? random.uniform(params_.min_distance, params_.max_distance)
          : std::min(params_.min_distance + random.exponential(1.0) * params_.mean_distance,
                     params_.max_distance);
  const Lots size = sizes_.sample(random);
  const Nanos lifetime = gap(random, params_.mean_lifetime);
  const double reference = context.signals().fundamental;
  if (!(reference > 0.0)) return;
  const MarketSpec& spec = context.spec();
  const Ticks price = buy ? spec.ticks_floor(reference * (1.0 - distance))
                          : spec.ticks_ceil(reference * (1.0 + distance));
  if (size <= 0 || price <= 0) return;
  // Never cross: a bid at or above the best ask (the mid lagging the value by more than the
  // distance) would take liquidity, which this agent leaves to others.
  if ((buy && ask && price >= *ask) || (!buy && bid && price <= *bid)) return;
  const LimitResult result = context.submit_limit(buy ? Side::kBid : Side::kAsk, price, size);
  if (result.resting == 0) return;
  std::uint32_t slot = 0;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(withdrawn_.size());
    withdrawn_.push_back(0);
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  const Resting order{context.now() + lifetime, result.resting, price, slot,
                      buy ? Side::kBid : Side::kAsk};
  expiries_.push_back(order);
  std::push_heap(expiries_.begin(), expiries_.end(), Later{});
  std::vector<Quote>& side = quotes(order.side);
  const Quote quote = quote_of(order);
  side.insert(std::upper_bound(side.begin(), side.end(), quote), quote);
}

void LiquidityProvider::on_wake(AgentContext& context) {
  const Nanos now = context.now();
  while (!expiries_.empty() && expiries_.front().expiry <= now) {
    const Resting order = expiries_.front();
    if (withdrawn_[order.slot] != 0) {
      --withdrawn_count_;
    } else {
      forget(order);
      context.cancel(order.id);  // false when it was filled meanwhile
    }
    pop_expiry();
  }
  // Withdraw what the value has come near (in ticks: value · (1 ∓ min_distance)), nearest first.
  const double reference = context.signals().fundamental / context.spec().tick_size;
  if (reference > 0.0) {
    const double below = reference * (1.0 - params_.min_distance);
    const double above = reference * (1.0 + params_.min_distance);
    while (!bids_.empty() && static_cast<double>(bids_.back().key) > below) {
      withdraw_nearest(context, bids_);
    }
    while (!asks_.empty() && static_cast<double>(-asks_.back().key) < above) {
      withdraw_nearest(context, asks_);
    }
  }
  if (next_arrival_ <= now) {
    place(context);
    next_arrival_ = now + gap(context.random(), params_.mean_interval);
  }
  drop_withdrawn();
  schedule(context);
}

}  // namespace lmsim::sim::agents
