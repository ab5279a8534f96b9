#include "sim/core/miners/refreshing_quoter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lmsim::sim::miners {

namespace {

std::vector<Ticks> active_prices(const MinerView& view, Side side) {
  std::vector<Ticks> prices;
  for (const ClientOrder& order : view.open_orders()) {
    if (order.active() && order.side == side) prices.push_back(order.price);
  }
  return prices;
}

}  // namespace

void RefreshingQuoter::restart(Nanos now) {
  // Hummingbot starts with both timers in the past: the first tick creates orders.
  create_timestamp_ = now - 1;
  cancel_timestamp_ = now - 1;
  has_active_ = false;
  oldest_active_ = -1;
}

void RefreshingQuoter::apply_budget(const MinerView& view, Proposal& proposal) const {
  // Hummingbot's c_apply_budget_constraint over the whole balances (orders are only created
  // when none is active, so nothing else is reserved).
  const Account& account = view.account();
  const MarketSpec& spec = view.spec();
  // What buying `size` at `price` costs in cash units (one lot at one tick), the maker fee
  // included.
  const auto cost = [&](Ticks price, Lots size) {
    const auto cash = static_cast<double>(price * size);
    return cash +
           view.fees().fee(cash * spec.cash_unit(), spec.amount(size), true) / spec.cash_unit();
  };
  double quote = static_cast<double>(account.cash);
  for (PriceSize& buy : proposal.buys) {
    const double full = cost(buy.price, buy.size);
    if (quote < full) {
      // The largest size the rest of the quote pays for (cost grows with size).
      Lots low = 0;
      Lots high = buy.size;
      while (low < high) {
        const Lots middle = low + (high - low + 1) / 2;
        if (cost(buy.price, middle) <= quote) {
          low = middle;
        } else {
          high = middle - 1;
        }
      }
      buy.size = quote > 0.0 ? low : 0;
      quote = 0.0;
    } else {
      quote -= full;
    }
  }
  Lots base = account.base;
  for (PriceSize& sell : proposal.sells) {
    if (base < sell.size) {
      sell.size = std::max<Lots>(base, 0);
      base = 0;
    } else {
      base -= sell.size;
    }
  }
  std::erase_if(proposal.buys, [](const PriceSize& order) { return order.size <= 0; });
  std::erase_if(proposal.sells, [](const PriceSize& order) { return order.size <= 0; });
}

void RefreshingQuoter::filter_out_takers(const MinerView& view, Proposal& proposal) {
  if (const auto ask = view.book().best(Side::kAsk)) {
    std::erase_if(proposal.buys, [&](const PriceSize& buy) { return buy.price >= *ask; });
  }
  if (const auto bid = view.book().best(Side::kBid)) {
    std::erase_if(proposal.sells, [&](const PriceSize& sell) { return sell.price <= *bid; });
  }
}

bool RefreshingQuoter::within_tolerance(const MinerView& view, Side side,
                                        const std::vector<PriceSize>& proposed) const {
  std::vector<Ticks> current = active_prices(view, side);
  if (current.size() != proposed.size()) return false;
  std::vector<Ticks> wanted;
  for (const PriceSize& order : proposed) wanted.push_back(order.price);
  std::sort(current.begin(), current.end());
  std::sort(wanted.begin(), wanted.end());
  const double tolerance = params_.order_refresh_tolerance_pct / 100.0;
  for (std::size_t i = 0; i < current.size(); ++i) {
    const double change =
        std::abs(static_cast<double>(wanted[i] - current[i])) / static_cast<double>(current[i]);
    if (change > tolerance) return false;
  }
  return true;
}

void RefreshingQuoter::cancel_on_max_age(MinerView& view) const {
  const Nanos now = view.now();
  for (const ClientOrder& order : view.open_orders()) {
    if (order.active() && now - order.submitted > params_.max_order_age) {
      view.cancel_all();
      return;
    }
  }
}

void RefreshingQuoter::cancel_below_min_spread(MinerView& view) const {
  if (params_.minimum_spread <= -100.0) return;
  const auto mid = view.mid();
  if (!mid) return;
  const double minimum = params_.minimum_spread / 100.0;
  for (const ClientOrder& order : view.open_orders()) {
    if (!order.active()) continue;
    const double price = view.spec().price(order.price);
    const double spread = order.side == Side::kBid ? (*mid - price) / *mid : (price - *mid) / *mid;
    if (spread < minimum) view.cancel(order.id);
  }
}

void RefreshingQuoter::tick(MinerView& view) {
  const Nanos now = view.now();
  std::optional<Proposal> proposal;
  if (create_timestamp_ <= now) {
    proposal = propose(view);
    if (proposal) {
      apply_budget(view, *proposal);
      filter_out_takers(view, *proposal);
    }
  }
  const std::size_t active_before = view.active_order_count();
  cancel_on_max_age(view);
  if (cancel_timestamp_ <= now && view.active_order_count() > 0) {
    const bool keep = proposal && params_.order_refresh_tolerance_pct >= 0.0 &&
                      within_tolerance(view, Side::kBid, proposal->buys) &&
                      within_tolerance(view, Side::kAsk, proposal->sells);
    if (!keep) view.cancel_all();
  }
  cancel_below_min_spread(view);
  // Hummingbot creates only once its cancels are confirmed, which takes at least a tick: an
  // order cancelled now still counts as active for the rest of this tick.
  const bool cancelled_now = view.active_order_count() < active_before;
  if (create_timestamp_ < now && !view.cancels_in_flight() && !cancelled_now && proposal &&
      view.active_order_count() == 0 && !(proposal->buys.empty() && proposal->sells.empty())) {
    for (const PriceSize& buy : proposal->buys) view.submit(Side::kBid, buy.price, buy.size);
    for (const PriceSize& sell : proposal->sells) view.submit(Side::kAsk, sell.price, sell.size);
    const Nanos next_cycle = now + params_.order_refresh_time;
    if (create_timestamp_ <= now) create_timestamp_ = next_cycle;
    if (cancel_timestamp_ <= now) cancel_timestamp_ = std::min(create_timestamp_, next_cycle);
  }
  has_active_ = false;
  oldest_active_ = -1;
  for (const ClientOrder& order : view.open_orders()) {
    if (!order.active()) continue;
    has_active_ = true;
    if (oldest_active_ < 0 || order.submitted < oldest_active_) oldest_active_ = order.submitted;
  }
}

void RefreshingQuoter::on_fill(MinerView& view, const ClientFill& fill) {
  if (!fill.done) return;
  create_timestamp_ = view.now() + params_.filled_order_delay;
  cancel_timestamp_ = std::min(cancel_timestamp_, create_timestamp_);
}

bool RefreshingQuoter::idle_until_quote_change(Nanos now) const {
  // Orders kept within tolerance after the refresh time: every further tick re-prices from the
  // book top, and an unchanged top gives an unchanged proposal.
  return has_active_ && create_timestamp_ <= now && cancel_timestamp_ <= now &&
         prices_from_book_top_only();
}

Nanos RefreshingQuoter::next_tick(Nanos now) const {
  if (!has_active_) {
    // Orders are created at the first tick strictly after the create timer.
    return create_timestamp_ + 1;
  }
  constexpr Nanos kNever = std::numeric_limits<Nanos>::max();
  Nanos next = std::min(cancel_timestamp_ > now ? cancel_timestamp_ : kNever,
                        create_timestamp_ > now ? create_timestamp_ : kNever);
  // Once the timers have passed while orders are kept within tolerance, Hummingbot re-prices
  // at every tick (unless only a change of the book top can matter); so does a minimum_spread
  // check.
  if ((create_timestamp_ <= now && !idle_until_quote_change(now)) ||
      params_.minimum_spread > -100.0) {
    next = std::min(next, now + 1);
  }
  if (oldest_active_ >= 0) next = std::min(next, oldest_active_ + params_.max_order_age + 1);
  return next;
}

}  // namespace lmsim::sim::miners
