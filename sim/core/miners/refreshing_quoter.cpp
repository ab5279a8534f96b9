#include "sim/core/miners/refreshing_quoter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lmsim::sim::miners {

// Citations are to hummingbot/hummingbot: pure_market_making.pyx (PMM) and
// avellaneda_market_making.pyx (AS) in hummingbot/strategy/, hanging_orders_tracker.py beside
// them; tags as in hummingbot_version.hpp.

namespace {

constexpr Nanos kNever = std::numeric_limits<Nanos>::max();

const ClientOrder* find_order(const MinerView& view, ClientOrderId id) {
  for (const ClientOrder& order : view.open_orders()) {
    if (order.id == id) return &order;
  }
  return nullptr;
}

bool alive(const ClientOrder* order) {
  return order != nullptr && !order->closed;
}

double seconds(Nanos duration) {
  return static_cast<double>(duration) / static_cast<double>(engine::kNanosPerSecond);
}

}  // namespace

std::int64_t order_age_seconds(Nanos submitted, Nanos now) {
  // strategy/utils.py:order_age: int(now − creation_timestamp), whole seconds.
  return engine::floor_div(now - submitted, engine::kNanosPerSecond);
}

bool RefreshingQuoter::is_hanging(ClientOrderId id) const {
  return std::find(hanging_.begin(), hanging_.end(), id) != hanging_.end();
}

void RefreshingQuoter::restart(Nanos now) {
  // Hummingbot starts with both timers in the past: the first tick creates orders. A restarted
  // bot knows nothing of its earlier orders (the kill switch cancelled them).
  create_timestamp_ = now - 1;
  cancel_timestamp_ = now - 1;
  hanging_.clear();
  pairs_.clear();
  renewals_.clear();
  aged_hanging_prices_.clear();
  nonhanging_active_ = false;
  hanging_watch_ = false;
  oldest_nonhanging_ = -1;
  oldest_hanging_ = -1;
  oldest_active_ = -1;
  restart_strategy(now);
}

void RefreshingQuoter::cancel(MinerView& view, const ClientOrder& order) {
  if (!order.active()) return;
  // Hummingbot learns of a cancellation only from the exchange's confirmation, after the tick
  // that sent it: until then the order still blocks new ones (v0.44+: any in-flight cancel;
  // before: the order counts as active unless it is hanging).
  if (rules_.wait_for_every_cancel || !is_hanging(order.id)) cancelled_this_tick_ = true;
  view.cancel(order.id);
}

void RefreshingQuoter::forget_closed(const MinerView& view) {
  std::erase_if(hanging_, [&](ClientOrderId id) { return !alive(find_order(view, id)); });
}

void RefreshingQuoter::complete_renewals(MinerView& view) {
  // HangingOrdersTracker._process_cancel_as_part_of_renew (v0.44+): once the cancel of an aged
  // hanging order is confirmed, the same price and amount is placed again, hanging.
  for (std::size_t i = 0; i < renewals_.size();) {
    if (alive(find_order(view, renewals_[i].order))) {
      ++i;
      continue;
    }
    const Renewal renewal = renewals_[i];
    renewals_.erase(renewals_.begin() + static_cast<std::ptrdiff_t>(i));
    std::erase(hanging_, renewal.order);
    if (renewal.size > 0) {
      hanging_.push_back(
          view.submit(renewal.side, renewal.price, renewal.size, LimitType::kPostOnly));
    }
  }
}

void RefreshingQuoter::apply_budget(const MinerView& view, Proposal& proposal) const {
  // c_apply_budget_constraint (PMM and AS, v0.33+): the balances plus what the strategy's own
  // orders lock — except hanging orders and (v0.44+) the partners of partly filled pairs about
  // to hang; buys first, level 0 outward, each shrunk to what is left, then sells.
  const Account& account = view.account();
  const MarketSpec& spec = view.spec();
  double quote = static_cast<double>(account.cash);
  Lots base = account.base;
  const auto about_to_hang = [&](ClientOrderId id) {
    for (const Pair& pair : pairs_) {
      if (pair.filled_buy != pair.filled_sell && id == (pair.filled_buy ? pair.sell : pair.buy)) {
        return true;
      }
    }
    return false;
  };
  for (const ClientOrder& order : view.open_orders()) {
    if (order.closed || order.exchange_id == 0) continue;  // only resting orders lock funds
    if (!is_hanging(order.id) && !about_to_hang(order.id)) continue;
    if (order.side == Side::kBid) {
      quote -= static_cast<double>(order.price * order.remaining);
    } else {
      base -= order.remaining;
    }
  }
  // What buying `size` at `price` costs in cash units (one lot at one tick), the maker fee
  // included.
  const auto cost = [&](Ticks price, Lots size) {
    const auto cash = static_cast<double>(price * size);
    return cash +
           view.fees().fee(cash * spec.cash_unit(), spec.amount(size), true) / spec.cash_unit();
  };
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
  // PMM c_filter_out_takers: buys at or above the best ask and sells at or below the best bid.
  if (const auto ask = view.book().best(Side::kAsk)) {
    std::erase_if(proposal.buys, [&](const PriceSize& buy) { return buy.price >= *ask; });
  }
  if (const auto bid = view.book().best(Side::kBid)) {
    std::erase_if(proposal.sells, [&](const PriceSize& sell) { return sell.price <= *bid; });
  }
}

bool RefreshingQuoter::within_tolerance(const MinerView& view, Side side,
                                        const std::vector<PriceSize>& proposed) const {
  // c_is_within_tolerance: same count, and sorted pairwise |new − old| / old ≤ tolerance.
  std::vector<Ticks>& current = current_prices_;
  current.clear();
  for (const ClientOrder& order : view.open_orders()) {
    if (order.active() && order.side == side && !is_hanging(order.id)) {
      current.push_back(order.price);
    }
  }
  if (current.size() != proposed.size()) return false;
  std::vector<Ticks>& wanted = wanted_prices_;
  wanted.clear();
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

void RefreshingQuoter::process_hanging_tracker(MinerView& view) {
  // HangingOrdersTracker.process_tick (v0.44+ PMM, v0.41+ AS): remove_orders_far_from_price
  // (distance strictly above hanging_orders_cancel_pct), then
  // renew_hanging_orders_past_max_order_age (age strictly above max_order_age).
  if (hanging_.empty()) return;
  const MarketSpec& spec = view.spec();
  if (const auto reference = reference_price(view); reference && *reference > 0.0) {
    for (const ClientOrderId id : hanging_) {
      const ClientOrder* order = find_order(view, id);
      if (order == nullptr || !order->active()) continue;
      const double distance = std::abs(spec.price(order->price) - *reference) / *reference;
      if (distance > rules_.hanging_cancel_pct / 100.0) cancel(view, *order);
    }
  }
  const Nanos now = view.now();
  bool renewing = false;
  for (const ClientOrderId id : hanging_) {
    const ClientOrder* order = find_order(view, id);
    if (order == nullptr || !order->active()) continue;
    if (now - order->submitted <= params_.max_order_age) continue;
    renewals_.push_back(Renewal{id, order->side, order->price, order->quantity});
    cancel(view, *order);
    renewing = true;
  }
  // A cancel confirmed at once (no latency) re-creates the order within this tick, as the
  // tracker does from the cancel event.
  if (renewing) complete_renewals(view);
}

void RefreshingQuoter::cancel_on_max_age(MinerView& view) {
  const Nanos now = view.now();
  const double limit = seconds(params_.max_order_age);
  const auto aged = [&](const ClientOrder& order) {
    return order.active() && !is_hanging(order.id) &&
           static_cast<double>(order_age_seconds(order.submitted, now)) > limit;
  };
  if (rules_.max_age == CycleRules::MaxAge::kCancelAged) {
    // AS c_cancel_active_orders_on_max_age_limit (v0.41+): each aged order.
    for (const ClientOrder& order : view.open_orders()) {
      if (aged(order)) cancel(view, order);
    }
    return;
  }
  // PMM c_cancel_active_orders_on_max_age_limit (v0.41+): one aged order takes all with it.
  const auto orders = view.open_orders();
  if (!std::any_of(orders.begin(), orders.end(), aged)) return;
  for (const ClientOrder& order : orders) {
    if (order.active() && !is_hanging(order.id)) cancel(view, order);
  }
}

void RefreshingQuoter::promote_hanging_candidates(const MinerView& view) {
  // HangingOrdersTracker.update_strategy_orders_with_equivalent_orders: the unfilled order of
  // each pair whose other order filled completely hangs from now on.
  for (const Pair& pair : pairs_) {
    if (pair.filled_buy == pair.filled_sell) continue;
    const ClientOrderId unfilled = pair.filled_buy ? pair.sell : pair.buy;
    if (alive(find_order(view, unfilled)) && !is_hanging(unfilled)) hanging_.push_back(unfilled);
  }
  pairs_.clear();
}

void RefreshingQuoter::cancel_active_orders(MinerView& view, const Proposal* proposal) {
  // c_cancel_active_orders.
  const Nanos now = view.now();
  if (cancel_timestamp_ > now) return;
  const auto orders = view.open_orders();
  if (std::none_of(orders.begin(), orders.end(), [&](const ClientOrder& order) {
        return order.active() && !is_hanging(order.id);
      })) {
    return;
  }
  // A negative tolerance never keeps orders (PMM tests its sign; for AS |Δ|/p > tol always).
  const bool keep = proposal != nullptr && params_.order_refresh_tolerance_pct >= 0.0 &&
                    within_tolerance(view, Side::kBid, proposal->buys) &&
                    within_tolerance(view, Side::kAsk, proposal->sells);
  if (keep) {
    // PMM up to v0.40 and AS at every version call set_timers(); PMM from v0.41 does not
    // (commit 94f6833a), so the kept orders are compared again at the next tick.
    if (rules_.reset_timers_when_kept) set_timers(now);
    return;
  }
  if (tracker()) promote_hanging_candidates(view);
  for (const ClientOrder& order : view.open_orders()) {
    if (order.active() && !is_hanging(order.id)) cancel(view, order);
  }
}

void RefreshingQuoter::cancel_far_hanging_orders(MinerView& view) {
  // PMM c_cancel_hanging_orders (up to v0.43): distance at or above hanging_orders_cancel_pct.
  const auto reference = reference_price(view);
  if (!reference || *reference <= 0.0) return;
  const MarketSpec& spec = view.spec();
  for (const ClientOrderId id : hanging_) {
    const ClientOrder* order = find_order(view, id);
    if (order == nullptr || !order->active()) continue;
    const double distance = std::abs(spec.price(order->price) - *reference) / *reference;
    if (distance >= rules_.hanging_cancel_pct / 100.0) cancel(view, *order);
  }
}

void RefreshingQuoter::cancel_below_min_spread(MinerView& view) {
  // PMM c_cancel_orders_below_min_spread: non-hanging orders closer to the reference price than
  // minimum_spread (strict).
  const auto reference = reference_price(view);
  if (!reference || *reference <= 0.0) return;
  const MarketSpec& spec = view.spec();
  for (const ClientOrder& order : view.open_orders()) {
    if (!order.active() || is_hanging(order.id)) continue;
    const double price = spec.price(order.price);
    const double spread = order.side == Side::kBid ? (*reference - price) / *reference
                                                   : (price - *reference) / *reference;
    if (spread < *rules_.minimum_spread) {
      cancel(view, order);
      min_spread_cancelled_ = true;
    }
  }
}

void RefreshingQuoter::refresh_aged_orders_in_place(MinerView& view) {
  // PMM c_aged_order_refresh (v0.34–v0.40): every order (hanging ones too) at least
  // max_order_age old is cancelled and placed again at the same price and size in the same tick,
  // unless another order has the same price and size; a re-placed hanging order hangs again.
  const Nanos now = view.now();
  const double limit = seconds(params_.max_order_age);
  struct Replacement {
    ClientOrderId order;
    Side side;
    PriceSize wanted;
  };
  std::vector<Replacement> replacements;
  const auto orders = view.open_orders();
  for (const ClientOrder& order : orders) {
    if (!order.active()) continue;
    const auto twins = std::count_if(orders.begin(), orders.end(), [&](const ClientOrder& other) {
      return other.active() && other.price == order.price && other.quantity == order.quantity;
    });
    if (twins > 1) continue;
    if (static_cast<double>(order_age_seconds(order.submitted, now)) < limit) continue;
    replacements.push_back({order.id, order.side, PriceSize{order.price, order.quantity}});
    if (is_hanging(order.id)) aged_hanging_prices_.push_back(order.price);
  }
  if (replacements.empty()) return;
  for (const Replacement& replacement : replacements) {
    if (const ClientOrder* order = find_order(view, replacement.order)) cancel(view, *order);
  }
  // c_execute_orders_proposal: buys, then sells.
  for (const Side side : {Side::kBid, Side::kAsk}) {
    for (const Replacement& replacement : replacements) {
      if (replacement.side != side) continue;
      const PriceSize& wanted = replacement.wanted;
      const ClientOrderId id = view.submit(side, wanted.price, wanted.size, rules_.order_type);
      const auto hanging_price =
          std::find(aged_hanging_prices_.begin(), aged_hanging_prices_.end(), wanted.price);
      if (hanging_price != aged_hanging_prices_.end()) {
        hanging_.push_back(id);
        aged_hanging_prices_.erase(hanging_price);
      }
    }
  }
  set_timers(now);
}

bool RefreshingQuoter::to_create_orders(const MinerView& view, const Proposal* proposal) const {
  // c_to_create_orders: the create timer passed, nothing but hanging orders active, and (v0.44+)
  // no cancel in flight. A cancel sent in this tick is still unconfirmed.
  if (!(create_timestamp_ < view.now()) || !proposal) return false;
  if (proposal->buys.empty() && proposal->sells.empty()) return false;
  if (cancelled_this_tick_) return false;
  for (const ClientOrder& order : view.open_orders()) {
    if (order.closed) continue;
    const bool hanging = is_hanging(order.id);
    if (order.cancel_requested) {
      if (rules_.wait_for_every_cancel || !hanging) return false;
    } else if (!hanging) {
      return false;
    }
  }
  return true;
}

void RefreshingQuoter::execute_proposal(MinerView& view, const Proposal& proposal) {
  // c_execute_orders_proposal: buys, then sells; with hanging orders (tracker), the k-th buy and
  // the k-th sell form a pair. Hummingbot appends the pairs to those of earlier proposals and
  // indexes sells from the list's start; lmsim starts the list afresh (docs/miners.md).
  std::vector<ClientOrderId> buys;
  std::vector<ClientOrderId> sells;
  for (const PriceSize& buy : proposal.buys) {
    buys.push_back(view.submit(Side::kBid, buy.price, buy.size, rules_.order_type));
  }
  for (const PriceSize& sell : proposal.sells) {
    sells.push_back(view.submit(Side::kAsk, sell.price, sell.size, rules_.order_type));
  }
  if (tracker() && rules_.hanging_enabled) {
    pairs_.clear();
    for (std::size_t k = 0; k < std::min(buys.size(), sells.size()); ++k) {
      pairs_.push_back(Pair{buys[k], sells[k], false, false});
    }
  }
  if (!buys.empty() || !sells.empty()) set_timers(view.now());
}

void RefreshingQuoter::set_timers(Nanos now) {
  const Nanos next_cycle = now + params_.order_refresh_time;
  if (create_timestamp_ <= now) create_timestamp_ = next_cycle;
  if (cancel_timestamp_ <= now) cancel_timestamp_ = std::min(create_timestamp_, next_cycle);
}

void RefreshingQuoter::tick(MinerView& view) {
  const Nanos now = view.now();
  cancelled_this_tick_ = false;
  min_spread_cancelled_ = false;
  forget_closed(view);
  complete_renewals(view);
  before_tick(view);
  if (!ready(view)) {
    remember(view);
    return;
  }
  const bool window_open = trading_window_open(now);
  Proposal* proposal = nullptr;
  if (window_open && create_timestamp_ <= now) {
    proposal_.buys.clear();
    proposal_.sells.clear();
    if (propose(view, proposal_)) {
      proposal = &proposal_;
      if (size_scale_ != 1.0) scale_sizes(proposal_);
      apply_budget(view, *proposal);
      if (rules_.filter_takers) filter_out_takers(view, *proposal);
    }
  }
  if (tracker()) process_hanging_tracker(view);
  if (rules_.max_age != CycleRules::MaxAge::kRefreshInPlace) cancel_on_max_age(view);
  if (!window_open) {
    cancel_active_orders(view, nullptr);
  } else if (!rules_.cancel_only_with_proposal || proposal) {
    cancel_active_orders(view, proposal);
  }
  if (!tracker() && rules_.hanging_enabled) cancel_far_hanging_orders(view);
  if (rules_.minimum_spread) cancel_below_min_spread(view);
  if (rules_.max_age == CycleRules::MaxAge::kRefreshInPlace) refresh_aged_orders_in_place(view);
  if (window_open && to_create_orders(view, proposal)) execute_proposal(view, *proposal);
  remember(view);
}

void RefreshingQuoter::on_fill(MinerView& view, const ClientFill& fill) {
  on_order_filled(view, fill);
  if (!fill.done) return;  // partial fills do not touch the timers
  std::erase_if(renewals_, [&](const Renewal& renewal) { return renewal.order == fill.order; });
  if (is_hanging(fill.order)) {
    // A filled hanging order starts no delay and counts for nothing else.
    std::erase(hanging_, fill.order);
    return;
  }
  // c_did_complete_buy_order / c_did_complete_sell_order (AS: c_did_complete_order).
  create_timestamp_ = view.now() + params_.filled_order_delay;
  cancel_timestamp_ = std::min(cancel_timestamp_, create_timestamp_);
  if (tracker()) {
    for (Pair& pair : pairs_) {
      if (pair.buy == fill.order || pair.sell == fill.order) {
        (fill.side == Side::kBid ? pair.filled_buy : pair.filled_sell) = true;
      }
    }
  } else if (rules_.hanging_enabled) {
    // Up to v0.43: every order of the other side hangs at once.
    for (const ClientOrder& order : view.open_orders()) {
      if (!order.closed && order.side != fill.side && !is_hanging(order.id)) {
        hanging_.push_back(order.id);
      }
    }
  }
  on_complete_fill(view, fill);
}

void RefreshingQuoter::remember(const MinerView& view) {
  nonhanging_active_ = false;
  hanging_watch_ = false;
  oldest_nonhanging_ = -1;
  oldest_hanging_ = -1;
  oldest_active_ = -1;
  const auto older = [](Nanos& oldest, Nanos time) {
    if (oldest < 0 || time < oldest) oldest = time;
  };
  for (const ClientOrder& order : view.open_orders()) {
    if (!order.active()) continue;
    older(oldest_active_, order.submitted);
    if (is_hanging(order.id)) {
      hanging_watch_ = true;
      older(oldest_hanging_, order.submitted);
    } else {
      nonhanging_active_ = true;
      older(oldest_nonhanging_, order.submitted);
    }
  }
}

RefreshingQuoter::Plan RefreshingQuoter::plan(Nanos now) const {
  // The earliest tick that can act, given the state the last tick (or fill) left; a tick that
  // would only act after the book top moves is "watched" instead (MinerStrategy).
  if (ticks_every_step()) return Plan{now + 1, false};
  Nanos next = kNever;
  bool every = false;
  bool watch = false;
  const auto per_tick = [&](bool top_only) { (top_only ? watch : every) = true; };
  if (!nonhanging_active_) {
    // A proposal is built from the create timer on, and placed the tick after it.
    if (create_timestamp_ <= now) {
      every = true;
    } else {
      next = std::min(next, create_timestamp_);
    }
  } else {
    if (cancel_timestamp_ > now) {
      next = std::min(next, cancel_timestamp_);
    } else if (create_timestamp_ > now) {
      every = true;  // the cancel timer passed without a proposal: the orders go next tick
    } else {
      per_tick(prices_from_book_top_only());  // kept orders are compared at every tick
    }
    if (create_timestamp_ > now) next = std::min(next, create_timestamp_);
    if (rules_.minimum_spread) per_tick(reference_from_book_top_only());
    const std::int64_t limit_seconds = params_.max_order_age / engine::kNanosPerSecond;
    if (rules_.max_age != CycleRules::MaxAge::kRefreshInPlace && oldest_nonhanging_ >= 0) {
      // The first whole second of age above max_order_age.
      next = std::min(next, oldest_nonhanging_ + (limit_seconds + 1) * engine::kNanosPerSecond);
    }
  }
  if (rules_.max_age == CycleRules::MaxAge::kRefreshInPlace && oldest_active_ >= 0) {
    // The first whole second of age at or above max_order_age.
    const Nanos limit = (params_.max_order_age + engine::kNanosPerSecond - 1) /
                        engine::kNanosPerSecond * engine::kNanosPerSecond;
    next = std::min(next, oldest_active_ + limit);
  }
  if (hanging_watch_) {
    per_tick(reference_from_book_top_only());
    if (tracker() && oldest_hanging_ >= 0) {
      next = std::min(next, oldest_hanging_ + params_.max_order_age + 1);
    }
  }
  if (!renewals_.empty() || min_spread_cancelled_) every = true;
  if (follows_book_top()) watch = true;
  next = std::min(next, own_next_tick(now));
  if (every) next = std::min(next, now + 1);
  return Plan{next, watch && !every};
}

void RefreshingQuoter::set_quoting(double size_scale, std::optional<double> spread) {
  (void)spread;  // a spread is the strategy's own (PureMarketMaking)
  size_scale_ = size_scale;
}

void RefreshingQuoter::scale_sizes(Proposal& proposal) const {
  // Rounded down to whole lots: a scaled order never exceeds what the scale allows.
  for (std::vector<PriceSize>* side : {&proposal.buys, &proposal.sells}) {
    for (PriceSize& order : *side) {
      order.size = static_cast<Lots>(std::floor(static_cast<double>(order.size) * size_scale_));
    }
    std::erase_if(*side, [](const PriceSize& order) { return order.size <= 0; });
  }
}

Nanos RefreshingQuoter::next_tick(Nanos now) const {
  return plan(now).next;
}

bool RefreshingQuoter::idle_until_quote_change(Nanos now) const {
  return plan(now).watch_quotes;
}

}  // namespace lmsim::sim::miners
