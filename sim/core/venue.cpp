#include "sim/core/venue.hpp"

#include "sim/core/run_limits.hpp"

namespace lmsim::sim {

std::int64_t cash_value(Ticks price, Lots quantity) {
  std::int64_t value = 0;
  if (__builtin_mul_overflow(price, quantity, &value)) {
    throw RunLimitError("market.lot_size",
                        "an order of " + std::to_string(quantity) + " lots at " +
                            std::to_string(price) +
                            " ticks is worth more cash units (one lot at one tick) than int64 "
                            "holds: the tick and lot sizes are too small for the prices and sizes "
                            "traded");
  }
  return value;
}

std::int64_t checked_sum(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    throw RunLimitError("market.lot_size",
                        "a balance in lots or cash units (one lot at one tick) overflows int64: "
                        "the tick and lot sizes are too small for the amounts traded");
  }
  return sum;
}

double settle_execution(const MarketSpec& spec, const FeeModel& fees, Account& maker,
                        Account& taker, const Execution& execution) {
  const std::int64_t cash = cash_value(execution.price, execution.quantity);
  const double notional = static_cast<double>(cash) * spec.cash_unit();
  const bool maker_buys = execution.maker_side == Side::kBid;
  maker.base = checked_sum(maker.base, maker_buys ? execution.quantity : -execution.quantity);
  maker.cash = checked_sum(maker.cash, maker_buys ? -cash : cash);
  (maker_buys ? maker.bought : maker.sold) += execution.quantity;
  taker.base = checked_sum(taker.base, maker_buys ? -execution.quantity : execution.quantity);
  taker.cash = checked_sum(taker.cash, maker_buys ? cash : -cash);
  (maker_buys ? taker.sold : taker.bought) += execution.quantity;
  const double amount = spec.amount(execution.quantity);
  const double maker_fee = fees.fee(notional, amount, true);
  const double taker_fee = fees.fee(notional, amount, false);
  maker.fees += maker_fee;
  taker.fees += taker_fee;
  ++maker.maker_fills;
  ++taker.taker_fills;
  return maker_fee + taker_fee;
}

Venue::Venue(MarketSpec spec, std::unique_ptr<FeeModel> fees, std::size_t account_count)
    : spec_(std::move(spec)), fees_(std::move(fees)), accounts_(account_count) {}

void Venue::record_trade(Nanos time, Lots quantity, Side aggressor, Ticks price) {
  volume_ += quantity;
  last_trade_ = price;
  prints_.push_back(PublicTrade{time, price, quantity, aggressor});
  if (tape_horizon_ > 0) {
    tape_.push_back(TapeEntry{time, quantity, aggressor, price});
    while (tape_.front().time < time - tape_horizon_) tape_.pop_front();
  }
}

std::pair<Lots, Lots> Venue::traded_since(Nanos since) const {
  Lots buys = 0;
  Lots sells = 0;
  for (auto entry = tape_.rbegin(); entry != tape_.rend() && entry->time >= since; ++entry) {
    (entry->aggressor == Side::kBid ? buys : sells) += entry->quantity;
  }
  return {buys, sells};
}

}  // namespace lmsim::sim
