#include "sim/core/agents/liquidity_provider.hpp"

#include <algorithm>
#include <cmath>

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
  if (!expiries_.empty()) wake = std::min(wake, expiries_.front().expiry);
  context.wake_at(std::max(wake, context.now() + 1));
}

LiquidityProvider::Quote LiquidityProvider::quote_of(const Resting& order) {
  return {order.side == Side::kBid ? order.price : -order.price, order.id};
}

bool LiquidityProvider::forget(const Resting& order) {
  std::vector<Quote>& side = quotes(order.side);
  const auto found = std::lower_bound(side.begin(), side.end(), quote_of(order));
  if (found == side.end() || found->id != order.id) return false;
  side.erase(found);
  return true;
}

void LiquidityProvider::drop_withdrawn() {
  while (withdrawn_ > 0 && !expiries_.empty()) {
    const std::vector<Quote>& side = quotes(expiries_.front().side);
    if (std::binary_search(side.begin(), side.end(), quote_of(expiries_.front()))) return;
    std::pop_heap(expiries_.begin(), expiries_.end(), later);
    expiries_.pop_back();
    --withdrawn_;
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
  const Resting order{context.now() + lifetime, result.resting, buy ? Side::kBid : Side::kAsk,
                      price};
  expiries_.push_back(order);
  std::push_heap(expiries_.begin(), expiries_.end(), later);
  std::vector<Quote>& side = quotes(order.side);
  const Quote quote = quote_of(order);
  side.insert(std::upper_bound(side.begin(), side.end(), quote), quote);
}

void LiquidityProvider::on_wake(AgentContext& context) {
  const Nanos now = context.now();
  while (!expiries_.empty() && expiries_.front().expiry <= now) {
    const Resting order = expiries_.front();
    std::pop_heap(expiries_.begin(), expiries_.end(), later);
    expiries_.pop_back();
    if (forget(order)) {
      context.cancel(order.id);  // false when it was filled meanwhile
    } else {
      --withdrawn_;
    }
  }
  // Withdraw what the value has come near (in ticks: value · (1 ∓ min_distance)), nearest first.
  const double reference = context.signals().fundamental / context.spec().tick_size;
  if (reference > 0.0) {
    const double below = reference * (1.0 - params_.min_distance);
    const double above = reference * (1.0 + params_.min_distance);
    while (!bids_.empty() && static_cast<double>(bids_.back().key) > below) {
      context.cancel(bids_.back().id);
      bids_.pop_back();
      ++withdrawn_;
    }
    while (!asks_.empty() && static_cast<double>(-asks_.back().key) < above) {
      context.cancel(asks_.back().id);
      asks_.pop_back();
      ++withdrawn_;
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
