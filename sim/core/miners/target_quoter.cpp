#include "sim/core/miners/target_quoter.hpp"

#include "sim/core/miners/hummingbot_version.hpp"

#include <algorithm>
#include <cmath>

namespace lmsim::sim::miners {

Ticks TargetQuoter::bid_at(const MarketSpec& spec, double mid, double spread) {
  return std::max<Ticks>(1, spec.ticks_ceil(mid * (1.0 - spread)));
}

Ticks TargetQuoter::ask_at(const MarketSpec& spec, double mid, double spread) {
  return std::max<Ticks>(1, spec.ticks_floor(mid * (1.0 + spread)));
}

bool TargetQuoter::want_both_sides(const MinerView& view, double amount, double spread_pct,
                                   std::vector<WantedOrder>& wanted) {
  const std::optional<double> mid = view.mid();
  if (!mid) return false;
  const MarketSpec& spec = view.spec();
  const Lots size = quantize_amount(spec, amount);
  const double spread = spread_pct / 100.0;
  wanted.push_back({Side::kBid, bid_at(spec, *mid, spread), size});
  wanted.push_back({Side::kAsk, ask_at(spec, *mid, spread), size});
  return true;
}

void TargetQuoter::tick(MinerView& view) {
  ticked_ = true;
  wanted_.clear();
  if (!want(view, wanted_)) return;
  matched_.assign(wanted_.size(), false);
  const double mid_ticks = view.book().has_two_sides() ? view.book().mid_ticks() : 0.0;
  const double tolerance_ticks = tolerance_ * mid_ticks;
  for (const ClientOrder& order : view.open_orders()) {
    if (!order.active()) continue;
    bool keep = false;
    if (!must_cancel(view, order)) {
      for (std::size_t i = 0; i < wanted_.size() && !keep; ++i) {
        if (matched_[i] || wanted_[i].side != order.side) continue;
        const auto distance = static_cast<double>(std::llabs(wanted_[i].price - order.price));
        if (distance <= tolerance_ticks) {
          matched_[i] = true;
          keep = true;
        }
      }
    }
    if (!keep) view.cancel(order.id);
  }
  const OrderBook& book = view.book();
  const std::optional<Ticks> best_bid = book.best(Side::kBid);
  const std::optional<Ticks> best_ask = book.best(Side::kAsk);
  for (std::size_t i = 0; i < wanted_.size(); ++i) {
    if (matched_[i]) continue;
    const WantedOrder& order = wanted_[i];
    // Post-only: an order that would cross is refused, so it is not sent.
    if (order.side == Side::kBid ? best_ask && order.price >= *best_ask
                                 : best_bid && order.price <= *best_bid) {
      continue;
    }
    const Account& account = view.account();
    Lots size = order.size;
    if (account.enforce_budget) {
      const Lots affordable = order.side == Side::kBid
                                  ? std::max<std::int64_t>(0, account.free_cash()) / order.price
                                  : std::max<Lots>(0, account.free_base());
      size = std::min(size, affordable);
    }
    if (size <= 0) continue;
    view.submit(order.side, order.price, size, LimitType::kPostOnly);
  }
  after_tick(view);
}

}  // namespace lmsim::sim::miners
