#include "sim/core/miners/trading_markouts.hpp"

namespace lmsim::sim::miners {

TradingMarkouts::TradingMarkouts(engine::Nanos horizon, std::int64_t base, std::int64_t cash)
    : horizon_(horizon), base_(base), cash_(cash) {}

void TradingMarkouts::record(engine::Nanos time, std::int64_t base, std::int64_t cash) {
  if (base == base_ && cash == cash_) return;
  // Several fills at one moment are one change: they share their mark-out mid.
  if (!pending_.empty() && pending_.back().time == time) {
    pending_.back().base += base - base_;
    pending_.back().cash += cash - cash_;
  } else {
    pending_.push_back({time, base - base_, cash - cash_});
  }
  base_ = base;
  cash_ = cash;
}

void TradingMarkouts::resolve(engine::Nanos now, double mid, double lot_amount, double cash_unit) {
  while (!pending_.empty() && pending_.front().time + horizon_ <= now) {
    const Change& change = pending_.front();
    total_ += static_cast<double>(change.base) * lot_amount * mid +
              static_cast<double>(change.cash) * cash_unit;
    pending_.pop_front();
  }
}

}  // namespace lmsim::sim::miners
