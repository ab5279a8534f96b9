#include "sim/core/agents/liquidity_provider.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lmsim::sim::agents {

LiquidityProvider::LiquidityProvider(LiquidityProviderParams params, OrderSizeModel sizes,
                                     Nanos start)
    : params_(params), sizes_(sizes), start_(start) {}

bool LiquidityProvider::later(const Resting& a, const Resting& b) {
  // The earliest expiry on top of the heap; ties by id, so the order is deterministic.
  return a.expiry != b.expiry ? a.expiry > b.expiry : a.id > b.id;
}

Nanos LiquidityProvider::gap(RandomStream& random, Nanos mean) const {
  return 1 + static_cast<Nanos>(random.exponential(1.0) * static_cast<double>(mean));
}

void LiquidityProvider::start(AgentContext& context) {
  next_arrival_ = start_ + gap(context.random(), params_.mean_interval);
  context.wake_at(next_arrival_);
}

void LiquidityProvider::schedule(AgentContext& context) const {
  Nanos wake = next_arrival_;
  if (!resting_.empty()) wake = std::min(wake, resting_.front().expiry);
  context.wake_at(std::max(wake, context.now() + 1));
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
  const Resting order{context.now() + lifetime, result.resting, buy ? Side::kBid : Side::kAsk,
                      price};
  note_resting(order);
  resting_.push_back(order);
  std::push_heap(resting_.begin(), resting_.end(), later);
}

void LiquidityProvider::note_resting(const Resting& order) {
  if (order.side == Side::kBid) {
    highest_bid_ = std::max(highest_bid_, order.price);
  } else {
    lowest_ask_ = std::min(lowest_ask_, order.price);
  }
}

void LiquidityProvider::on_wake(AgentContext& context) {
  const Nanos now = context.now();
  while (!resting_.empty() && resting_.front().expiry <= now) {
    context.cancel(resting_.front().id);  // false when it was filled meanwhile
    std::pop_heap(resting_.begin(), resting_.end(), later);
    resting_.pop_back();
  }
  // Withdraw what the value has come near (in ticks: value · (1 ∓ min_distance)).
  const double reference = context.signals().fundamental / context.spec().tick_size;
  const double below = reference * (1.0 - params_.min_distance);
  const double above = reference * (1.0 + params_.min_distance);
  if (reference > 0.0 && !resting_.empty() &&
      (static_cast<double>(highest_bid_) > below || static_cast<double>(lowest_ask_) < above)) {
    const auto near = [&](const Resting& order) {
      return order.side == Side::kBid ? static_cast<double>(order.price) > below
                                      : static_cast<double>(order.price) < above;
    };
    // The scan also tightens the bounds to the orders it keeps.
    highest_bid_ = std::numeric_limits<Ticks>::min();
    lowest_ask_ = std::numeric_limits<Ticks>::max();
    const auto kept = std::remove_if(resting_.begin(), resting_.end(), [&](const Resting& order) {
      if (near(order)) {
        context.cancel(order.id);
        return true;
      }
      note_resting(order);
      return false;
    });
    if (kept != resting_.end()) {
      resting_.erase(kept, resting_.end());
      std::make_heap(resting_.begin(), resting_.end(), later);
    }
  }
  if (next_arrival_ <= now) {
    place(context);
    next_arrival_ = now + gap(context.random(), params_.mean_interval);
  }
  schedule(context);
}

}  // namespace lmsim::sim::agents
