#include "sim/exchange.hpp"

namespace lmsim::sim {

Exchange::Exchange(MarketSpec spec, std::size_t account_count)
    : spec_(std::move(spec)), accounts_(account_count) {}

bool Exchange::affordable(const Account& account, Side side, Ticks price, Lots quantity) const {
  if (!account.enforce_budget) return true;
  return side == Side::kBid ? account.free_cash() >= price * quantity
                            : account.free_base() >= quantity;
}

void Exchange::reserve(OwnerId owner, Side side, Ticks price, Lots quantity, int sign) {
  Account& account = accounts_[owner];
  if (side == Side::kBid) {
    account.reserved_cash += sign * price * quantity;
  } else {
    account.reserved_base += sign * quantity;
  }
}

void Exchange::settle(OwnerId taker, Side taker_side, Nanos time) {
  const double maker_rate = spec_.maker_fee_bps * 1e-4;
  const double taker_rate = spec_.taker_fee_bps * 1e-4;
  for (const Execution& execution : executions_) {
    const std::int64_t cash = execution.price * execution.quantity;
    const double notional = static_cast<double>(cash) * spec_.cash_unit();
    Account& maker = accounts_[execution.maker];
    Account& taker_account = accounts_[taker];
    const bool maker_buys = execution.maker_side == Side::kBid;
    maker.base += maker_buys ? execution.quantity : -execution.quantity;
    maker.cash += maker_buys ? -cash : cash;
    (maker_buys ? maker.bought : maker.sold) += execution.quantity;
    taker_account.base += maker_buys ? -execution.quantity : execution.quantity;
    taker_account.cash += maker_buys ? cash : -cash;
    (maker_buys ? taker_account.sold : taker_account.bought) += execution.quantity;
    const double maker_fee = notional * maker_rate;
    const double taker_fee = notional * taker_rate;
    maker.fees += maker_fee;
    taker_account.fees += taker_fee;
    fee_income_ += maker_fee + taker_fee;
    ++maker.maker_fills;
    ++taker_account.taker_fills;
    reserve(execution.maker, execution.maker_side, execution.price, execution.quantity, -1);
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
  if (!affordable(accounts_[owner], side, price, quantity)) {
    ++rejected_;
    return LimitResult{0, 0, true};
  }
  const OrderId id = book_.submit_limit(owner, side, price, quantity, time, executions_);
  const Lots resting = id != 0 ? book_.find(id)->remaining : 0;
  settle(owner, side, time);
  if (id != 0) reserve(owner, side, price, resting, +1);
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
  reserve(owner, order->side, order->price, order->remaining, -1);
  return book_.cancel(id);
}

}  // namespace lmsim::sim
