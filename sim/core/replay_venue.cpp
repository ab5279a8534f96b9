#include "sim/core/replay_venue.hpp"

#include <algorithm>
#include <stdexcept>

namespace lmsim::sim {

namespace {

using replay::MarketEvent;

/// The recorded market's own account: the counterparty of every virtual fill.
constexpr OwnerId kMarket = 0;

}  // namespace

ReplayVenue::ReplayVenue(MarketSpec spec, std::unique_ptr<FeeModel> fees, std::size_t account_count,
                         std::unique_ptr<QueueModel> queue)
    : Venue(std::move(spec), std::move(fees), std::max<std::size_t>(account_count, 1)),
      queue_(std::move(queue)) {}

void ReplayVenue::fill(VirtualOrder& order, Lots quantity, Nanos time) {
  if (quantity <= 0) return;
  order.remaining -= quantity;
  const Execution execution{order.id, order.owner,         kMarket, order.side, order.price,
                            quantity, order.remaining == 0};
  settle(execution, kMarket);
  account(order.owner).reserve(order.side, order.price, quantity, -1);
  trades_.push_back(Trade{time, execution, kMarket});
  ++events_;
}

void ReplayVenue::apply_trade(const MarketEvent& trade, Nanos time) {
  // The aggressor's side says which virtual orders it meets: a sell (kAsk) meets bids.
  const Side passive = trade.side == Side::kBid ? Side::kAsk : Side::kBid;
  const bool through_bids = passive == Side::kBid;
  // At the trade's price each virtual order sees the recorded queue ahead of it; what the trade
  // brings beyond that queue goes to the virtual orders there in the order they were placed.
  Lots given = 0;
  for (VirtualOrder& order : virtual_) {
    if (order.side != passive || order.remaining == 0) continue;
    const bool through = through_bids ? order.price > trade.price : order.price < trade.price;
    if (through) {
      fill(order, order.remaining, time);
    } else if (order.price == trade.price) {
      order.traded_at_level += trade.quantity;
      const Lots beyond_queue = std::max<Lots>(0, trade.quantity - order.ahead);
      order.ahead = std::max<Lots>(0, order.ahead - trade.quantity);
      const Lots filled = std::min(order.remaining, std::max<Lots>(0, beyond_queue - given));
      fill(order, filled, time);
      given += filled;
    }
  }
  std::erase_if(virtual_, [](const VirtualOrder& order) { return order.remaining == 0; });
  record_trade(time, trade.quantity, trade.side, trade.price);
}

void ReplayVenue::set_window(std::span<const MarketEvent> events) {
  std::optional<Ticks> bid;
  std::optional<Ticks> ask;
  for (const MarketEvent& event : events) {
    if (event.kind != MarketEvent::Kind::kLevel || event.quantity <= 0) continue;
    if (event.side == Side::kBid) bid = std::max(bid.value_or(event.price), event.price);
    if (event.side == Side::kAsk) ask = std::min(ask.value_or(event.price), event.price);
  }
  if (!bid || !ask) return;
  const Ticks mid = (*bid + *ask) / 2;
  window_ = {std::max<Ticks>(1, mid / 2), mid + mid / 2};
}

void ReplayVenue::set_level(Side side, Ticks price, Lots quantity) {
  if (!window_ || price < window_->first || price > window_->second) {
    ++outside_window_;
    return;
  }
  if (!recorded_.set_level(side, price, quantity)) {
    throw std::runtime_error("ReplayVenue: a recorded update crossed the recorded book");
  }
}

void ReplayVenue::clear_book() {
  // Every level of the window that holds anything, found through the book's own walk.
  for (const Side side : {Side::kBid, Side::kAsk}) {
    while (const auto price = recorded_.best(side)) recorded_.set_level(side, *price, 0);
  }
}

void ReplayVenue::apply(std::span<const MarketEvent> events, Nanos time) {
  if (!window_) set_window(events);
  for (VirtualOrder& order : virtual_) {
    order.level_before = recorded_.quantity_at(order.side, order.price);
    order.traded_at_level = 0;
  }
  // A clear starts over; then decreases before increases, so the book is never crossed on the
  // way from one valid state to the next. Each class keeps the recorded order (a stable
  // partition: the clears, then the decreases, then the increases, each ranked once).
  updates_.clear();
  increases_.clear();
  std::size_t clears = 0;
  // The levels a group touches are scattered over a deep book: each is a cache miss, so the
  // ones a few events ahead are loaded while this one is classified.
  constexpr std::size_t kAhead = 8;
  for (std::size_t i = 0; i < std::min(kAhead, events.size()); ++i) {
    recorded_.prefetch(events[i].side, events[i].price);
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    const MarketEvent& event = events[i];
    if (i + kAhead < events.size()) {
      recorded_.prefetch(events[i + kAhead].side, events[i + kAhead].price);
    }
    ++events_;
    ++recorded_events_;
    if (event.kind == MarketEvent::Kind::kTrade) {
      apply_trade(event, time);
    } else if (event.kind == MarketEvent::Kind::kClear) {
      updates_.insert(updates_.begin() + static_cast<std::ptrdiff_t>(clears++), &event);
    } else if (event.quantity < recorded_.quantity_at(event.side, event.price)) {
      updates_.push_back(&event);
    } else {
      increases_.push_back(&event);
    }
  }
  updates_.insert(updates_.end(), increases_.begin(), increases_.end());
  for (const MarketEvent* event : updates_) {
    if (event->kind == MarketEvent::Kind::kClear) {
      clear_book();
    } else {
      set_level(event->side, event->price, event->quantity);
    }
  }
  // Queues: what left a level beyond the recorded trades there was cancelled.
  for (VirtualOrder& order : virtual_) {
    const Lots after = recorded_.quantity_at(order.side, order.price);
    const Lots before = std::max<Lots>(0, order.level_before - order.traded_at_level);
    if (after < before) {
      order.ahead = queue_->ahead_after_cancellations(std::min(order.ahead, before), before, after);
    }
    order.ahead = std::min(order.ahead, after);
  }
  if (recorded_.has_two_sides() && *recorded_.best(Side::kBid) >= *recorded_.best(Side::kAsk)) {
    throw std::runtime_error("ReplayVenue: the recorded book is crossed");
  }
}

Lots ReplayVenue::take(OwnerId owner, Side side, Ticks limit, Lots quantity, Nanos time) {
  // A virtual taker walks the recorded levels without consuming them.
  Lots taken = 0;
  const Side book_side = side == Side::kBid ? Side::kAsk : Side::kBid;
  recorded_.walk_levels(book_side, [&](Ticks price, Lots available) {
    if (side == Side::kBid ? price > limit : price < limit) return false;
    const Lots quantity_here = std::min(quantity - taken, available);
    // The recorded market is the maker here.
    const Execution execution{0, kMarket, owner, book_side, price, quantity_here, false};
    settle(execution, owner);
    taken += quantity_here;
    ++events_;
    return taken < quantity;
  });
  (void)time;
  return taken;
}

LimitResult ReplayVenue::submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity,
                                      Nanos time, LimitType type) {
  if (price <= 0 || quantity <= 0) throw std::invalid_argument("ReplayVenue: bad order");
  Account& owner_account = account(owner);
  if (!owner_account.can_afford(side, price, quantity)) return LimitResult{0, 0, true, false};
  const auto opposite = recorded_.best(side == Side::kBid ? Side::kAsk : Side::kBid);
  const bool crosses = opposite && (side == Side::kBid ? price >= *opposite : price <= *opposite);
  if (crosses && type == LimitType::kPostOnly) {
    ++post_only_rejected_;
    return LimitResult{0, 0, false, true};
  }
  ++events_;
  if (crosses) return LimitResult{0, take(owner, side, price, quantity, time), false, false};
  const OrderId id = next_id_++;
  virtual_.push_back(
      VirtualOrder{id, owner, side, price, quantity, recorded_.quantity_at(side, price), 0, 0});
  owner_account.reserve(side, price, quantity, +1);
  return LimitResult{id, 0, false, false};
}

Lots ReplayVenue::submit_market(OwnerId owner, Side side, Lots quantity, Nanos time) {
  ++events_;
  return take(owner, side, side == Side::kBid ? std::numeric_limits<Ticks>::max() : 1, quantity,
              time);
}

bool ReplayVenue::cancel(OwnerId owner, OrderId id) {
  const auto it = std::find_if(virtual_.begin(), virtual_.end(), [&](const VirtualOrder& order) {
    return order.id == id && order.owner == owner;
  });
  if (it == virtual_.end()) return false;
  account(owner).reserve(it->side, it->price, it->remaining, -1);
  virtual_.erase(it);
  ++events_;
  return true;
}

std::optional<Lots> ReplayVenue::queue_ahead(OrderId id) const {
  for (const VirtualOrder& order : virtual_) {
    if (order.id == id) return order.ahead;
  }
  return std::nullopt;
}

}  // namespace lmsim::sim
