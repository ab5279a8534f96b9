#include "sim/core/exchange.hpp"

namespace lmsim::sim {

Exchange::Exchange(MarketSpec spec, std::unique_ptr<FeeModel> fees, std::size_t account_count)
    : Venue(std::move(spec), std::move(fees), account_count) {
  book_changes_.set_tracked();
}

void Exchange::settle_executions(OwnerId taker, Side taker_side, Nanos time) {
  for (const Execution& execution : executions_) {
    book_changes_.note(execution.maker_side, execution.price);
    settle(execution, taker);
    account(execution.maker).reserve(execution.maker_side, execution.price, execution.quantity, -1);
    record_trade(time, execution.quantity, taker_side, execution.price);
    trades_.push_back(Trade{time, execution, taker});
  }
  executions_.clear();
}

LimitResult Exchange::submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity, Nanos time,
                                   LimitType type) {
  if (!account(owner).can_afford(side, price, quantity)) {
    ++rejected_;
    return LimitResult{0, 0, true, false};
  }
  if (type == LimitType::kPostOnly) {
    const auto opposite = book_.best(side == Side::kBid ? Side::kAsk : Side::kBid);
    if (opposite && (side == Side::kBid ? price >= *opposite : price <= *opposite)) {
      ++post_only_rejected_;
      return LimitResult{0, 0, false, true};
    }
  }
  const OrderId id = book_.submit_limit(owner, side, price, quantity, time, executions_);
  const Lots resting = id != 0 ? book_.find(id)->remaining : 0;
  settle_executions(owner, side, time);
  if (id != 0) {
    book_changes_.note(side, price);
    account(owner).reserve(side, price, resting, +1);
  }
  return LimitResult{id, quantity - resting, false, false};
}

Lots Exchange::submit_market(OwnerId owner, Side side, Lots quantity, Nanos time) {
  const Lots unfilled = book_.submit_market(owner, side, quantity, executions_);
  settle_executions(owner, side, time);
  return quantity - unfilled;
}

bool Exchange::cancel(OwnerId owner, OrderId id) {
  const RestingOrder* order = book_.find(id);
  if (order == nullptr || order->owner != owner) return false;
  account(owner).reserve(order->side, order->price, order->remaining, -1);
  book_changes_.note(order->side, order->price);
  return book_.cancel(id);
}

}  // namespace lmsim::sim
