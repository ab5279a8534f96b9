#include "sim/exchange.hpp"

namespace lmsim::sim {

Exchange::Exchange(MarketSpec spec, std::size_t account_count)
    : spec_(std::move(spec)), accounts_(account_count) {}

void Exchange::settle(OwnerId taker, Side taker_side, Nanos time) {
  for (const Execution& execution : executions_) {
    Account& maker = accounts_[execution.maker];
    fee_income_ += settle_execution(spec_, maker, accounts_[taker], execution);
    maker.reserve(execution.maker_side, execution.price, execution.quantity, -1);
    volume_ += execution.quantity;
    if (tape_horizon_ > 0) tape_.push_back(TapeEntry{time, execution.quantity, taker_side});
    last_trade_ = execution.price;
    trades_.push_back(Trade{time, execution, taker});
  }
  executions_.clear();
  while (!tape_.empty() && tape_.front().time < time - tape_horizon_) tape_.pop_front();
}

std::pair<Lots, Lots> Exchange::traded_since(Nanos since) const {
  Lots buys = 0;
  Lots sells = 0;
  for (auto entry = tape_.rbegin(); entry != tape_.rend() && entry->time >= since; ++entry) {
    (entry->aggressor == Side::kBid ? buys : sells) += entry->quantity;
  }
  return {buys, sells};
}

LimitResult Exchange::submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity,
                                   Nanos time) {
  if (!accounts_[owner].can_afford(side, price, quantity)) {
    ++rejected_;
    return LimitResult{0, 0, true};
  }
  const OrderId id = book_.submit_limit(owner, side, price, quantity, time, executions_);
  const Lots resting = id != 0 ? book_.find(id)->remaining : 0;
  settle(owner, side, time);
  if (id != 0) accounts_[owner].reserve(side, price, resting, +1);
  return LimitResult{id, quantity - resting, false};
}

Lots Exchange::submit_market(OwnerId owner, Side side, Lots quantity, Nanos time) {
  const Lots unfilled = book_.submit_market(owner, side, quantity, executions_);
  settle(owner, side, time);
  return quantity - unfilled;
}

bool Exchange::cancel(OwnerId owner, OrderId id) {
  const RestingOrder* order = book_.find(id);
  if (order == nullptr || order->owner != owner) return false;
  accounts_[owner].reserve(order->side, order->price, order->remaining, -1);
  return book_.cancel(id);
}

}  // namespace lmsim::sim
