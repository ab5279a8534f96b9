#include "sim/core/miners/miner_agent.hpp"

#include <algorithm>
#include <limits>

namespace lmsim::sim::miners {

namespace {

constexpr Nanos kNever = std::numeric_limits<Nanos>::max();

Nanos exponential_duration(RandomStream& random, Nanos mean) {
  const double draw = random.exponential(1.0) * static_cast<double>(mean);
  return std::max<Nanos>(1, static_cast<Nanos>(draw));
}

}  // namespace

/// The MinerView a strategy gets during one callback of the miner.
class MinerAgent::View final : public MinerView {
 public:
  View(MinerAgent& miner, AgentContext& context) : miner_(miner), context_(context) {}
  using MinerView::submit;

  Nanos now() const override { return context_.now(); }
  Nanos step() const override { return miner_.step_; }
  const OrderBook& book() const override { return context_.book(); }
  const MarketSpec& spec() const override { return context_.spec(); }
  const Account& account() const override { return context_.account(); }
  const MarketSignals& signals() const override { return context_.signals(); }
  const FeeModel& fees() const override { return context_.fees(); }
  std::span<const ClientOrder> open_orders() const override { return miner_.open_; }
  bool cancels_in_flight() const override {
    return std::any_of(miner_.open_.begin(), miner_.open_.end(), [](const ClientOrder& order) {
      return !order.closed && order.cancel_requested;
    });
  }

  std::optional<Ticks> last_trade_price() const override { return context_.last_trade_price(); }
  bool own_orders_in_book() const override { return context_.own_orders_in_book(); }
  void for_each_trade_after(Nanos after,
                            const std::function<void(const PublicTrade&)>& fn) const override {
    context_.for_each_trade_after(after, fn);
  }

  ClientOrderId submit(Side side, Ticks price, Lots quantity, LimitType type) override {
    const ClientOrderId id = miner_.next_client_id_++;
    miner_.open_.push_back(
        ClientOrder{id, side, price, quantity, quantity, now(), -1, 0, false, false, type});
    ++miner_.activity_.orders_submitted;
    const Nanos delay = miner_.latency_->submission(now(), context_.random());
    if (!miner_.send_later(now(), delay, id, false)) place(miner_.open_.back());
    return id;
  }

  void cancel(ClientOrderId id) override {
    ClientOrder* order = miner_.find_open(id);
    if (order == nullptr || !order->active()) return;
    order->cancel_requested = true;
    ++miner_.activity_.cancels;
    const Nanos delay = miner_.latency_->cancellation(now(), context_.random());
    if (!miner_.send_later(now(), delay, id, true)) execute_cancel(*order);
  }

  /// Sends a submission to the venue.
  void place(ClientOrder& order) {
    const LimitResult result =
        context_.submit_limit(order.side, order.price, order.quantity, order.type);
    if (result.rejected || result.would_take) {
      ++(result.rejected ? miner_.activity_.orders_rejected
                         : miner_.activity_.orders_post_only_rejected);
      order.closed = true;
      return;
    }
    order.exchange_id = result.resting;
    order.live_since = result.resting != 0 ? now() : -1;
    if (result.executed > 0) miner_.apply_fill(order, result.executed, order.price, *this);
  }

  /// Sends a cancellation to the venue (a no-op for an order already gone).
  void execute_cancel(ClientOrder& order) {
    if (order.closed) return;
    if (order.exchange_id != 0) context_.cancel(order.exchange_id);
    order.exchange_id = 0;
    order.closed = true;
  }

 private:
  MinerAgent& miner_;
  AgentContext& context_;
};

const engine::ParamSpec<MinerBehaviour>& miner_behaviour_spec() {
  using P = MinerBehaviour;
  using engine::Bounds;
  static const engine::ParamSpec<P> spec = [] {
    engine::ParamSpec<P> keys;
    keys.number(
            "online_fraction", [](P& p) -> double& { return p.online_fraction; },
            Bounds::between(0.0, 1.0), "share of the time the miner is online")
        .duration(
            "mean_outage", [](P& p) -> Nanos& { return p.mean_outage; },
            Bounds::above_up_to(0.0, 365.0 * 86400e9), "mean length of an offline spell")
        .optional_number(
            "fair_weather_max_volatility",
            [](P& p) -> std::optional<double>& { return p.max_volatility; },
            Bounds::above_up_to(0.0, 1e6),
            "withdraw while the realised volatility (annualised) is above this; unset: never")
        .duration(
            "fair_weather_check_interval", [](P& p) -> Nanos& { return p.check_interval; },
            Bounds::above_up_to(0.0, 365.0 * 86400e9), "how often a fair-weather miner looks")
        .number(
            "participation_probability",
            [](P& p) -> double& { return p.participation_probability; }, Bounds::between(0.0, 1.0),
            "chance of being present in each snapshot interval, drawn independently at its start");
    return keys;
  }();
  return spec;
}

MinerAgent::MinerAgent(std::unique_ptr<MinerStrategy> strategy, MinerBehaviour behaviour,
                       std::unique_ptr<LatencyModel> latency, Nanos clock_start, Nanos step)
    : strategy_(std::move(strategy)),
      behaviour_(behaviour),
      latency_(std::move(latency)),
      clock_start_(clock_start),
      step_(step) {}

MinerAgent::~MinerAgent() = default;

bool MinerAgent::send_later(Nanos now, Nanos delay, ClientOrderId order, bool cancel) {
  // One connection: a request never overtakes an earlier one still in flight.
  if (delay == 0 && requests_.empty()) return false;
  const Nanos due = std::max(now + delay, requests_.empty() ? now : requests_.back().due);
  requests_.push_back(Request{due, order, cancel});
  return true;
}

Nanos MinerAgent::align_up(Nanos time) const {
  if (time >= kNever - step_) return kNever;
  const Nanos offset = std::max<Nanos>(0, time - clock_start_);
  return clock_start_ + (offset + step_ - 1) / step_ * step_;
}

ClientOrder* MinerAgent::find_open(ClientOrderId id) {
  for (ClientOrder& order : open_) {
    if (order.id == id) return &order;
  }
  return nullptr;
}

void MinerAgent::accrue(Nanos now) {
  if (now <= accrued_until_) return;
  if (online_) activity_.online_time += now - accrued_until_;
  if (active()) activity_.quoting_time += now - accrued_until_;
  accrued_until_ = now;
}

MinerActivity MinerAgent::activity(Nanos now) const {
  MinerActivity result = activity_;
  if (now > accrued_until_) {
    if (online_) result.online_time += now - accrued_until_;
    if (active()) result.quoting_time += now - accrued_until_;
  }
  return result;
}

void MinerAgent::apply_fill(ClientOrder& order, Lots quantity, Ticks price, View& view) {
  order.remaining -= quantity;
  const bool done = order.remaining == 0;
  if (done) {
    order.closed = true;
    order.exchange_id = 0;
  }
  strategy_->on_fill(view, ClientFill{order.id, order.side, price, quantity, done});
}

void MinerAgent::start(AgentContext& context) {
  const Nanos now = context.now();
  accrued_until_ = now;
  RandomStream& random = context.random();
  const double fraction = behaviour_.online_fraction;
  if (fraction < 1.0) {
    // Start in the stationary state so that short runs see the configured uptime too.
    online_ = fraction > 0.0 && random.bernoulli(fraction);
    if (fraction > 0.0) {
      const Nanos mean_online = static_cast<Nanos>(static_cast<double>(behaviour_.mean_outage) *
                                                   fraction / (1.0 - fraction));
      next_toggle_ =
          now + exponential_duration(random, online_ ? mean_online : behaviour_.mean_outage);
    }
  }
  next_storm_check_ = now;
  if (behaviour_.participation_probability < 1.0 && behaviour_.interval > 0) {
    // The interval that holds `now` is drawn now, the next ones at their starts.
    const Nanos since = now - behaviour_.interval_start;
    const Nanos index = since >= 0 ? since / behaviour_.interval : -1;
    next_interval_ = behaviour_.interval_start + (index + 1) * behaviour_.interval;
    present_ = random.bernoulli(behaviour_.participation_probability);
  }
  if (economics_) {
    initial_base_ = context.account().base;
    initial_cash_ = context.account().cash;
    if (economics_->params().trading_result == TradingResult::kMarkout) {
      markouts_.emplace(economics_->params().markout_horizon, initial_base_, initial_cash_);
    }
    // Miners review at their own moments, spread over the interval, not all at once: in step,
    // every miner would answer the same signal together and the whole population would flap.
    const Nanos every = economics_->params().review_every;
    next_review_ = align_up(now + every / 2 +
                            static_cast<Nanos>(random.uniform() * static_cast<double>(every)));
  }
  strategy_->restart(now);
  if (active()) update_behaviour(context);
  schedule(context);
}

void MinerAgent::run_due_requests(AgentContext& context) {
  View view(*this, context);
  while (!requests_.empty() && requests_.front().due <= context.now()) {
    const Request request = requests_.front();
    requests_.pop_front();
    ClientOrder* order = find_open(request.order);
    if (order == nullptr) continue;
    if (request.cancel) {
      view.execute_cancel(*order);
    } else if (!order->closed && !order->cancel_requested) {
      view.place(*order);
    } else if (order->cancel_requested) {
      order->closed = true;  // cancelled before it reached the venue
    }
  }
}

void MinerAgent::go_quiet(AgentContext& context) {
  // The kill switch acts at once, without the miner's latency, and drops requests in flight.
  View view(*this, context);
  for (ClientOrder& order : open_) {
    if (!order.closed) {
      if (!order.cancel_requested) ++activity_.cancels;
      order.cancel_requested = true;
      view.execute_cancel(order);
    }
  }
  requests_.clear();
}

void MinerAgent::update_behaviour(AgentContext& context) {
  const Nanos now = context.now();
  RandomStream& random = context.random();
  while (next_toggle_ <= now) {
    accrue(next_toggle_);
    online_ = !online_;
    const double fraction = behaviour_.online_fraction;
    const Nanos mean_online = static_cast<Nanos>(static_cast<double>(behaviour_.mean_outage) *
                                                 fraction / (1.0 - fraction));
    if (!online_) {
      ++activity_.outages;
      go_quiet(context);
    } else {
      withdrawn_ = false;
      next_storm_check_ = next_toggle_;
      strategy_->restart(now);
    }
    next_toggle_ += exponential_duration(random, online_ ? mean_online : behaviour_.mean_outage);
  }
  accrue(now);
  if (behaviour_.max_volatility && online_ && next_storm_check_ <= now) {
    const bool storm = context.signals().realised_volatility > *behaviour_.max_volatility;
    if (storm && !withdrawn_) {
      withdrawn_ = true;
      ++activity_.storm_withdrawals;
      go_quiet(context);
    } else if (!storm && withdrawn_) {
      withdrawn_ = false;
      strategy_->restart(now);
    }
    next_storm_check_ = now + behaviour_.check_interval;
  }
  if (next_interval_ <= now) {
    while (next_interval_ <= now) next_interval_ += behaviour_.interval;
    accrue(now);
    const bool present = random.bernoulli(behaviour_.participation_probability);
    if (present != present_) {
      present_ = present;
      if (!present) {
        go_quiet(context);
      } else if (online_ && !withdrawn_ && participating_) {
        strategy_->restart(now);
      }
    }
  }
  if (economics_ && next_review_ <= now) {
    review_economics(context);
    while (next_review_ <= now) next_review_ += economics_->params().review_every;
  }
}

void MinerAgent::enable_economics(const EconomicsParams& params, std::uint32_t miner) {
  economics_.emplace(params);
  miner_index_ = miner;
}

namespace {

/// The book's mid (quote per base unit), when it has two sides.
std::optional<double> mid_of(const AgentContext& context) {
  const OrderBook& book = context.book();
  if (!book.has_two_sides()) return std::nullopt;
  const MarketSpec& spec = context.spec();
  return (spec.price(*book.best(Side::kBid)) + spec.price(*book.best(Side::kAsk))) / 2.0;
}

}  // namespace

void MinerAgent::resolve_markouts(AgentContext& context) {
  if (!markouts_ || markouts_->next_due() > context.now()) return;
  if (const std::optional<double> mid = mid_of(context)) {
    markouts_->resolve(context.now(), *mid, context.spec().lot_size, context.spec().cash_unit());
  }
}

void MinerAgent::review_economics(AgentContext& context) {
  const Nanos now = context.now();
  // Without a mid nothing can be valued: the miner keeps its course until the next review.
  const std::optional<double> book_mid = mid_of(context);
  if (!book_mid) return;
  const double mid = *book_mid;
  const MarketSpec& spec = context.spec();
  const Account& account = context.account();
  const double cash_unit = spec.cash_unit();
  const MarketSignals::Campaign& campaign = context.signals().campaign;
  const auto own = [&](std::span<const double> values) {
    return miner_index_ < values.size() ? values[miner_index_] : 0.0;
  };
  accrue(now);
  ReviewInputs inputs;
  inputs.now = now;
  inputs.reward_per_day = campaign.reward_per_day;
  inputs.eligible_liquidity = campaign.eligible_liquidity;
  inputs.own_eligible = own(campaign.miner_eligible);
  inputs.planned_size = 2.0 * strategy_->quoted_amount() * economics_->current().size_scale * mid;
  inputs.capital = spec.amount(account.base) * mid + static_cast<double>(account.cash) * cash_unit;
  inputs.reward_total = own(campaign.miner_reward);
  // Trading against holding the starting account, both at today's mid: spread capture, adverse
  // selection and fees, without the price drift of what the miner held anyway. By mark-out:
  // each fill at the mid its horizon after, without the revaluation of the inventory held.
  if (markouts_) {
    markouts_->record(now, account.base, account.cash);
    resolve_markouts(context);
    inputs.trading_total = markouts_->total();
  } else {
    inputs.trading_total = spec.amount(account.base - initial_base_) * mid +
                           static_cast<double>(account.cash - initial_cash_) * cash_unit;
  }
  inputs.active_total = activity_.quoting_time;
  inputs.outside_yield = std::numeric_limits<double>::quiet_NaN();
  const EconomicsDecision decision = economics_->review(inputs);
  reviews_.push_back(ReviewRecord{now, decision});
  strategy_->set_quoting(decision.size_scale, decision.spread);
  if (!decision.active && participating_) {
    participating_ = false;
    go_quiet(context);
  } else if (decision.active && !participating_) {
    participating_ = true;
    if (online_ && !withdrawn_) strategy_->restart(now);
  }
  tick_soon_ = active();
}

void MinerAgent::schedule(AgentContext& context) {
  const Nanos now = context.now();
  std::erase_if(open_, [](const ClientOrder& order) { return order.closed; });
  Nanos next = std::min({next_toggle_, next_review_, next_interval_});
  if (markouts_) next = std::min(next, align_up(markouts_->next_due()));
  if (!requests_.empty()) next = std::min(next, requests_.front().due);
  if (behaviour_.max_volatility && online_) next = std::min(next, next_storm_check_);
  watching_quotes_ = false;
  planned_tick_ = kNever;
  if (active()) {
    // Planned now, right after the strategy last acted: its timers at or before `now` have been
    // dealt with, so next_tick names the next moment that can matter.
    Nanos tick = align_up(strategy_->next_tick(now));
    if (tick <= now) tick = align_up(now + 1);
    if (tick_soon_ || behaviour_.tick_every_step) tick = std::min(tick, align_up(now + 1));
    planned_tick_ = tick;
    next = std::min(next, tick);
    if (!behaviour_.tick_every_step && strategy_->idle_until_quote_change(now)) {
      watching_quotes_ = true;
      context.wake_on_quote_change();
    }
  }
  if (next != kNever) context.wake_at(std::max(next, now + 1));
}

void MinerAgent::on_wake(AgentContext& context) {
  run_due_requests(context);
  resolve_markouts(context);
  update_behaviour(context);
  const Nanos now = context.now();
  // A miner watching the book top was woken because the top moved (or for another reason, when
  // a tick is harmless: an unchanged top gives an unchanged proposal).
  const bool due = now >= planned_tick_ || watching_quotes_ || tick_soon_;
  if (active() && due) {
    tick_soon_ = false;
    View view(*this, context);
    strategy_->tick(view);
  }
  schedule(context);
}

void MinerAgent::on_fill(AgentContext& context, const MakerFill& fill) {
  for (ClientOrder& order : open_) {
    if (!order.closed && order.exchange_id == fill.order) {
      View view(*this, context);
      apply_fill(order, fill.quantity, fill.price, view);
      if (markouts_)
        markouts_->record(context.now(), context.account().base, context.account().cash);
      tick_soon_ = true;
      break;
    }
  }
  schedule(context);
}

}  // namespace lmsim::sim::miners
