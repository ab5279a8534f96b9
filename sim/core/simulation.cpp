#include "sim/core/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/core/agents/adaptive_market_maker.hpp"
#include "sim/core/agents/momentum_trader.hpp"
#include "sim/core/agents/noise_trader.hpp"
#include "sim/core/agents/taker_flow.hpp"
#include "sim/core/agents/value_trader.hpp"
#include "sim/core/exchange.hpp"
#include "sim/core/registries.hpp"
#include "sim/core/replay_venue.hpp"

namespace lmsim::sim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kNanosPerYear = 365.25 * 86400e9;

std::size_t total_miners(const Scenario& scenario) {
  std::size_t count = 0;
  for (const MinerGroup& group : scenario.miners) count += static_cast<std::size_t>(group.count);
  return count;
}

/// "pmm-07": numbered, zero-padded to the group's size so names sort in order.
std::string account_name(const MinerGroup& group, int index) {
  if (group.count == 1) return group.name;
  const std::string number = std::to_string(index + 1);
  const std::size_t width = std::to_string(group.count).size();
  return group.name + "-" + std::string(width - number.size(), '0') + number;
}

}  // namespace

namespace {

/// The recorded market's seat in a replay: account 0, the counterparty of every virtual fill.
/// It never acts; its events arrive through the replay reader.
class RecordedMarket final : public Agent {
 public:
  void start(AgentContext& context) override { (void)context; }
  void on_wake(AgentContext& context) override { (void)context; }
};

/// A model from its configuration, or the registry's first kind with its defaults when the
/// scenario (built in code) left it out.
template <typename Product, typename Context, typename Registry>
std::unique_ptr<Product> make_model(
    const std::shared_ptr<const engine::Configured<Product, Context>>& config,
    const Registry& registry, const Context& context) {
  if (config) return config->make(context);
  return registry.kinds().front().configure()->make(context);
}

std::unique_ptr<Venue> make_venue(const Scenario& scenario) {
  const std::size_t miners = total_miners(scenario);
  const Registries& builtin = builtin_registries();
  auto fees = make_model(scenario.market.fees, builtin.fee_models, FeeSetup{});
  if (!scenario.market.replay) {
    return std::make_unique<Exchange>(
        scenario.market.spec, std::move(fees),
        static_cast<std::size_t>(scenario.background.total()) + miners);
  }
  auto queue = make_model(scenario.market.replay->queue, builtin.queue_models, QueueSetup{});
  return std::make_unique<ReplayVenue>(scenario.market.spec, std::move(fees), 1 + miners,
                                       std::move(queue));
}

}  // namespace

Simulation::Simulation(const Scenario& scenario,
                       std::unique_ptr<replay::MarketEventReader> recorded_market)
    : scenario_(scenario),
      venue_(make_venue(scenario)),
      exchange_(*venue_),
      fundamental_(scenario.market.fundamental, scenario.market.initial_price,
                   derive_seed(scenario.sim.seed, "fundamental"), scenario.sim.start),
      ledger_(scenario.campaign),
      snapshot_random_(derive_seed(scenario.sim.seed, "snapshots")) {
  signals_.fundamental = fundamental_.value();
  if (scenario.market.replay) {
    replay_venue_ = static_cast<ReplayVenue*>(venue_.get());
    if (!recorded_market) {
      throw std::invalid_argument("Simulation: a replay scenario needs its recorded market");
    }
    reader_ = std::move(recorded_market);
    add_agent(std::make_unique<RecordedMarket>(), "recorded_market", EventPhase::kBackground);
  }
  build_population();
  build_miners();
  if (scenario.background.market_maker_count > 0) {
    exchange_.set_tape_horizon(scenario.background.market_maker.mean_interval);
  }
}

Simulation::~Simulation() = default;

void Simulation::add_agent(std::unique_ptr<Agent> agent, std::string_view stream_name,
                           EventPhase phase) {
  agents_.push_back(AgentSlot{
      std::move(agent), RandomStream(derive_seed(scenario_.sim.seed, stream_name)), 0, phase});
}

void Simulation::build_population() {
  const BackgroundSettings& background = scenario_.background;
  const Nanos start = scenario_.sim.start;
  const Nanos end = scenario_.sim.end();
  const agents::OrderSizeModel sizes(background.order_size_scale);
  const auto add_group = [&](int count, std::string_view kind, auto make) {
    for (int i = 0; i < count; ++i) {
      add_agent(make(), std::string(kind) + "/" + std::to_string(i), EventPhase::kBackground);
    }
  };
  add_group(background.noise_count, "noise", [&] {
    return std::make_unique<agents::NoiseTrader>(background.noise, sizes, start, end);
  });
  add_group(background.value_count, "value", [&] {
    return std::make_unique<agents::ValueTrader>(background.value, sizes,
                                                 scenario_.market.fundamental.mean, start, end);
  });
  add_group(background.momentum_count, "momentum", [&] {
    return std::make_unique<agents::MomentumTrader>(background.momentum, sizes, start);
  });
  add_group(background.market_maker_count, "market_maker", [&] {
    return std::make_unique<agents::AdaptiveMarketMaker>(background.market_maker, start);
  });
  add_group(background.taker_count, "takers",
            [&] { return std::make_unique<agents::TakerFlow>(background.takers, start); });
}

void Simulation::build_miners() {
  first_miner_ = static_cast<std::uint32_t>(agents_.size());
  const MarketSpec& spec = scenario_.market.spec;
  for (const MinerGroup& group : scenario_.miners) {
    for (int index = 0; index < group.count; ++index) {
      const Nanos start = scenario_.sim.start;
      const Nanos step = scenario_.sim.step;
      std::unique_ptr<miners::MinerStrategy> strategy =
          group.strategy->make(miners::StrategySetup{start, step});
      auto latency =
          make_model(group.latency, builtin_registries().latency_models, LatencySetup{step});
      MinerInfo info;
      info.name = account_name(group, index);
      info.entity = group.entity.empty() ? info.name : group.entity;
      info.group = group.name;
      info.strategy = std::string(group.strategy->name());
      info.account = static_cast<OwnerId>(agents_.size());
      info.initial_base = spec.lots_floor(group.base_balance);
      info.initial_cash =
          static_cast<std::int64_t>(std::floor(group.quote_balance / spec.cash_unit()));
      Account& account = exchange_.account(info.account);
      account.base = info.initial_base;
      account.cash = info.initial_cash;
      account.enforce_budget = true;
      add_agent(std::make_unique<miners::MinerAgent>(std::move(strategy), group.behaviour,
                                                     std::move(latency), start, step),
                "miner/" + info.name, EventPhase::kMiner);
      miners_.push_back(std::move(info));
    }
  }
  inventories_.resize(miners_.size());
  for (int side = 0; side < 2; ++side) {
    eligible_amount_[side].resize(miners_.size());
    best_spread_[side].resize(miners_.size());
  }
  const std::vector<double>& sizes = scenario_.analysis.reference_order_sizes;
  for (std::size_t i = 0; i < sizes.size(); ++i) sizes_ascending_.push_back(i);
  std::stable_sort(sizes_ascending_.begin(), sizes_ascending_.end(),
                   [&](std::size_t a, std::size_t b) { return sizes[a] < sizes[b]; });
  for (auto* slippage :
       {&slippage_buy_, &slippage_sell_, &virtual_slippage_buy_, &virtual_slippage_sell_}) {
    slippage->resize(sizes.size());
  }
  miner_of_ledger_id_.resize(miners_.size());
  for (std::uint32_t miner = 0; miner < miners_.size(); ++miner) miner_of_ledger_id_[miner] = miner;
  std::sort(miner_of_ledger_id_.begin(), miner_of_ledger_id_.end(),
            [&](std::uint32_t a, std::uint32_t b) { return miners_[a].name < miners_[b].name; });
  ledger_id_.resize(miners_.size());
  for (std::uint32_t id = 0; id < miners_.size(); ++id) ledger_id_[miner_of_ledger_id_[id]] = id;
}

std::optional<std::uint32_t> Simulation::miner_of(OwnerId account) const {
  if (account < first_miner_) return std::nullopt;
  return account - first_miner_;
}

AgentContext Simulation::context_for(std::uint32_t agent, Nanos now) {
  return AgentContext(exchange_, signals_, agents_[agent].random, agent, now);
}

void Simulation::schedule_wake(std::uint32_t agent, Nanos time) {
  AgentSlot& slot = agents_[agent];
  ++slot.generation;
  slot.scheduled = time;
  if (time < scenario_.sim.end()) queue_.push(time, slot.phase, agent, slot.generation);
}

void Simulation::after_call(std::uint32_t agent, const AgentContext& context) {
  agents_[agent].watches_quotes = context.watches_quotes();
  if (const auto wake = context.requested_wake()) schedule_wake(agent, *wake);
}

void Simulation::notify_quote_change(Nanos time, EventPhase phase, std::uint32_t actor) {
  const OrderBook& book = exchange_.book();
  auto top = std::make_pair(book.best(Side::kBid), book.best(Side::kAsk));
  if (top == last_top_) return;
  last_top_ = top;
  const Nanos start = scenario_.sim.start;
  const Nanos step = scenario_.sim.step;
  for (std::uint32_t agent = first_miner_; agent < agents_.size(); ++agent) {
    AgentSlot& slot = agents_[agent];
    if (!slot.watches_quotes) continue;
    // The first clock step at which a polling miner would have seen the change: this step if
    // its turn in it is still to come, else the next.
    Nanos wake = start + (time - start + step - 1) / step * step;
    const bool turn_passed =
        phase > EventPhase::kMiner || (phase == EventPhase::kMiner && agent <= actor);
    if (wake == time && turn_passed) wake += step;
    slot.watches_quotes = false;
    if (wake < slot.scheduled) schedule_wake(agent, wake);
  }
}

void Simulation::drain_trades(RunObserver& observer) {
  std::vector<Trade>& pending = exchange_.pending_trades();
  const MarketSpec& spec = scenario_.market.spec;
  while (!pending.empty()) {
    trade_buffer_.swap(pending);
    for (const Trade& trade : trade_buffer_) {
      const Execution& execution = trade.execution;
      if (const auto miner = miner_of(execution.maker)) {
        observer.on_miner_fill(MinerFillRecord{trade.time, *miner, execution.maker_side,
                                               spec.price(execution.price),
                                               spec.amount(execution.quantity), true});
      }
      if (const auto miner = miner_of(trade.taker)) {
        const Side side = execution.maker_side == Side::kBid ? Side::kAsk : Side::kBid;
        observer.on_miner_fill(MinerFillRecord{trade.time, *miner, side,
                                               spec.price(execution.price),
                                               spec.amount(execution.quantity), false});
      }
      AgentContext context = context_for(execution.maker, trade.time);
      agents_[execution.maker].agent->on_fill(
          context, MakerFill{execution.maker, execution.maker_order, execution.maker_side,
                             execution.price, execution.quantity, execution.maker_done});
      after_call(execution.maker, context);
    }
    trade_buffer_.clear();
  }
}

void Simulation::schedule_snapshot(std::int64_t slot) {
  const engine::Campaign& campaign = scenario_.campaign;
  if (slot >= campaign.total_slots()) return;
  next_snapshot_slot_ = slot;
  // One draw per slot, in slot order: the schedule depends on the seed alone.
  const auto offset = static_cast<Nanos>(
      snapshot_random_.below(static_cast<std::uint64_t>(campaign.snapshot_interval)));
  queue_.push(campaign.slot_start(slot) + offset, EventPhase::kSnapshot, 0);
}

void Simulation::take_snapshot(Nanos time, RunObserver& observer) {
  const MarketSpec& spec = scenario_.market.spec;
  snapshot_orders_.clear();
  for (std::uint32_t miner = 0; miner < miners_.size(); ++miner) {
    const auto& agent =
        static_cast<const miners::MinerAgent&>(*agents_[first_miner_ + miner].agent);
    agent.for_each_resting_order([&](Side side, Ticks price, Lots remaining, Nanos live_since) {
      snapshot_orders_.add(ledger_id_[miner], side, spec.price(price), spec.amount(remaining),
                           live_since);
    });
    inventories_[miner] = spec.amount(exchange_.account(miners_[miner].account).base);
  }
  const OrderBook& book = exchange_.book();
  const bool two_sided = book.has_two_sides();
  const double mid = two_sided ? book.mid_ticks() * spec.tick_size : kNaN;
  // Without a two-sided book there is no mid to measure spreads from: nothing is eligible and
  // the slot's pool rolls over, as for a slot without a snapshot.
  const engine::OrderTable none;
  const engine::Snapshot snapshot{time, two_sided ? mid : scenario_.market.initial_price,
                                  two_sided ? snapshot_orders_.columns() : none.columns()};
  const engine::SnapshotAward& award = ledger_.score(scenario_.campaign_market, snapshot);
  // What each miner had eligible: the rule's per-order weights tell which orders counted.
  for (int side = 0; side < 2; ++side) {
    std::fill(eligible_amount_[side].begin(), eligible_amount_[side].end(), 0.0);
    std::fill(best_spread_[side].begin(), best_spread_[side].end(), kNaN);
  }
  if (two_sided) {
    const auto weights = ledger_.last_order_weights();
    const engine::OrderColumns columns = snapshot_orders_.columns();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (!(weights[i] > 0.0)) continue;
      const std::uint32_t miner = miner_of_ledger_id_[columns.miner[i]];
      const int side = engine::side_index(columns.side[i]);
      eligible_amount_[side][miner] += columns.amount[i];
      const double spread = std::abs(columns.price[i] - mid) / mid;
      double& best = best_spread_[side][miner];
      if (std::isnan(best) || spread < best) best = spread;
    }
  }
  SnapshotObservation observation;
  observation.time = time;
  observation.mid = mid;
  observation.best_bid = book.best(Side::kBid) ? spec.price(*book.best(Side::kBid)) : kNaN;
  observation.best_ask = book.best(Side::kAsk) ? spec.price(*book.best(Side::kAsk)) : kNaN;
  observation.award = &award;
  observation.orders = &snapshot_orders_;
  observation.inventories = inventories_;
  observation.miner_of_ledger_id = miner_of_ledger_id_;
  observation.eligible_amount_bid = eligible_amount_[0];
  observation.eligible_amount_ask = eligible_amount_[1];
  observation.best_spread_bid = best_spread_[0];
  observation.best_spread_ask = best_spread_[1];
  observer.on_snapshot(observation);
  ++statistics_.snapshots;
}

std::array<double, kDepthBands.size()> Simulation::depth_within(Side side, double mid) const {
  const MarketSpec& spec = scenario_.market.spec;
  std::array<Ticks, kDepthBands.size()> limits{};
  for (std::size_t i = 0; i < limits.size(); ++i) {
    limits[i] = side == Side::kBid ? spec.ticks_ceil(mid * (1.0 - kDepthBands[i]))
                                   : spec.ticks_floor(mid * (1.0 + kDepthBands[i]));
  }
  std::array<Lots, kDepthBands.size()> depth{};
  exchange_.book().depths_to(side, limits, depth);
  std::array<double, kDepthBands.size()> result{};
  for (std::size_t i = 0; i < depth.size(); ++i) result[i] = spec.amount(depth[i]);
  return result;
}

void Simulation::reference_slippage(Side taker_side, double mid, bool with_virtual_orders,
                                    std::span<double> out) {
  std::fill(out.begin(), out.end(), kNaN);
  if (sizes_ascending_.empty()) return;
  const MarketSpec& spec = scenario_.market.spec;
  const std::vector<double>& sizes = scenario_.analysis.reference_order_sizes;
  const Side book_side = taker_side == Side::kBid ? Side::kAsk : Side::kBid;
  const bool asks = book_side == Side::kAsk;
  // A replay's virtual orders join the recorded levels, best first.
  virtual_levels_.clear();
  if (with_virtual_orders && replay_venue_ != nullptr) {
    replay_venue_->for_each_virtual_order([&](Side side, Ticks price, Lots remaining) {
      if (side == book_side) virtual_levels_.emplace_back(price, remaining);
    });
    std::sort(virtual_levels_.begin(), virtual_levels_.end(), [&](const auto& a, const auto& b) {
      return asks ? a.first < b.first : a.first > b.first;
    });
  }
  // Sizes beyond everything resting cannot be filled: leaving them out saves walking the whole
  // side for nothing.
  double resting = static_cast<double>(exchange_.book().total_quantity(book_side));
  for (const auto& level : virtual_levels_) resting += static_cast<double>(level.second);
  std::size_t fillable = 0;
  while (fillable < sizes_ascending_.size() &&
         sizes[sizes_ascending_[fillable]] / spec.lot_size <= resting + 1e-9) {
    ++fillable;
  }
  if (fillable == 0) return;
  // One walk serves every size: the sizes in ascending order, each continuing from where the
  // one before it was filled.
  std::size_t next = 0;
  double target = sizes[sizes_ascending_[0]] / spec.lot_size;  // lots of the current size
  double left = target;                                        // lots it still needs
  double cost = 0.0;                                           // Σ |p − mid| · v, quote per lot
  // The current size is filled: record it and go on to the next; false when none is left.
  const auto advance = [&] {
    while (left <= 0.0) {
      out[sizes_ascending_[next]] = cost / target / mid;
      if (++next == fillable) return false;
      const double following = sizes[sizes_ascending_[next]] / spec.lot_size;
      left = following - target;
      target = following;
    }
    return true;
  };
  const auto consume = [&](Ticks price, Lots quantity) {
    const double distance = std::abs(spec.price(price) - mid);
    double available = static_cast<double>(quantity);
    while (true) {
      const double taken = std::min(left, available);
      cost += distance * taken;
      left -= taken;
      available -= taken;
      if (left > 0.0) return true;
      if (!advance()) return false;
    }
  };
  std::size_t next_virtual = 0;
  bool wanting = true;
  const auto consume_virtual_up_to = [&](Ticks price) {
    for (; wanting && next_virtual < virtual_levels_.size(); ++next_virtual) {
      const auto [at, remaining] = virtual_levels_[next_virtual];
      if (asks ? at > price : at < price) break;
      wanting = consume(at, remaining);
    }
  };
  using Step = OrderBook::BlockStep;
  exchange_.book().walk_blocks(
      book_side,
      [&](const OrderBook::Block& block) {
        // A block is taken whole when it does not complete a size and no virtual order lies
        // before its far end; its cost then comes from its quantity and first moment.
        const Ticks far = asks ? block.highest() : block.lowest;
        const bool virtual_before = next_virtual < virtual_levels_.size() &&
                                    (asks ? virtual_levels_[next_virtual].first <= far
                                          : virtual_levels_[next_virtual].first >= far);
        const auto quantity = static_cast<double>(block.quantity);
        if (virtual_before || quantity >= left) return Step::kLevels;
        const double offset = spec.tick_size * static_cast<double>(block.moment);
        cost += asks ? (spec.price(block.lowest) - mid) * quantity + offset
                     : (mid - spec.price(block.lowest)) * quantity - offset;
        left -= quantity;
        return Step::kNext;
      },
      [&](Ticks price, Lots quantity) {
        consume_virtual_up_to(price);
        if (wanting) wanting = consume(price, quantity);
        return wanting;
      });
  consume_virtual_up_to(asks ? std::numeric_limits<Ticks>::max() : 0);
  // Within rounding of a full fill counts as filled.
  if (wanting && left <= 1e-9) out[sizes_ascending_[next]] = cost / target / mid;
}

void Simulation::take_sample(Nanos time, RunObserver& observer) {
  const MarketSpec& spec = scenario_.market.spec;
  const OrderBook& book = exchange_.book();
  MarketSample sample;
  sample.time = time;
  sample.best_bid = book.best(Side::kBid) ? spec.price(*book.best(Side::kBid)) : kNaN;
  sample.best_ask = book.best(Side::kAsk) ? spec.price(*book.best(Side::kAsk)) : kNaN;
  sample.mid = kNaN;
  if (book.has_two_sides()) {
    sample.mid = book.mid_ticks() * spec.tick_size;
    // The walks are the costly part of a sample; an unchanged book gives unchanged answers.
    if (book.event_count() != depth_cache_events_) {
      depth_cache_ = {depth_within(Side::kBid, sample.mid), depth_within(Side::kAsk, sample.mid)};
      reference_slippage(Side::kBid, sample.mid, false, slippage_buy_);
      reference_slippage(Side::kAsk, sample.mid, false, slippage_sell_);
      depth_cache_events_ = book.event_count();
    }
    sample.depth_bid = depth_cache_[0];
    sample.depth_ask = depth_cache_[1];
    sample.slippage_buy = slippage_buy_;
    sample.slippage_sell = slippage_sell_;
    // Realised volatility: an EWMA of squared log returns between samples, annualised.
    const double log_mid = std::log(sample.mid);
    if (has_last_mid_) {
      const double step = static_cast<double>(scenario_.sim.step);
      const double decay =
          std::exp2(-step / static_cast<double>(scenario_.market.volatility_half_life));
      const double change = log_mid - last_log_mid_;
      variance_ewma_ = decay * variance_ewma_ + (1.0 - decay) * change * change;
      signals_.realised_volatility = std::sqrt(variance_ewma_ * kNanosPerYear / step);
    }
    last_log_mid_ = log_mid;
    has_last_mid_ = true;
  }
  if (!book.has_two_sides()) {
    // Without a mid there is no band to measure depth in: undefined, not zero.
    sample.depth_bid.fill(kNaN);
    sample.depth_ask.fill(kNaN);
    std::fill(slippage_buy_.begin(), slippage_buy_.end(), kNaN);
    std::fill(slippage_sell_.begin(), slippage_sell_.end(), kNaN);
    sample.slippage_buy = slippage_buy_;
    sample.slippage_sell = slippage_sell_;
    depth_cache_events_ = ~std::uint64_t{0};
  }
  // A recorded market has no hidden value: its fundamental is the recorded mid.
  sample.fundamental = replay_venue_ ? sample.mid : fundamental_.value();
  sample.realised_volatility = signals_.realised_volatility;
  sample.traded_volume = spec.amount(exchange_.traded_volume());
  ++statistics_.samples;
  if (replay_venue_ == nullptr) {
    observer.on_sample(sample);
    return;
  }
  // A replay's miners do not change the recorded book: the recorded book is the market without
  // the campaign, and the market with it adds the miners' virtual orders.
  observer.on_baseline_sample(sample);
  MarketSample with_miners = sample;
  if (book.has_two_sides()) {
    const double mid = sample.mid;
    replay_venue_->for_each_virtual_order([&](Side side, Ticks price, Lots remaining) {
      const double at = spec.price(price);
      for (std::size_t band = 0; band < kDepthBands.size(); ++band) {
        if (side == Side::kBid && price >= spec.ticks_ceil(mid * (1.0 - kDepthBands[band]))) {
          with_miners.depth_bid[band] += spec.amount(remaining);
        }
        if (side == Side::kAsk && price <= spec.ticks_floor(mid * (1.0 + kDepthBands[band]))) {
          with_miners.depth_ask[band] += spec.amount(remaining);
        }
      }
      if (side == Side::kBid) with_miners.best_bid = std::max(with_miners.best_bid, at);
      if (side == Side::kAsk) with_miners.best_ask = std::min(with_miners.best_ask, at);
    });
    reference_slippage(Side::kBid, mid, true, virtual_slippage_buy_);
    reference_slippage(Side::kAsk, mid, true, virtual_slippage_sell_);
  } else {
    std::fill(virtual_slippage_buy_.begin(), virtual_slippage_buy_.end(), kNaN);
    std::fill(virtual_slippage_sell_.begin(), virtual_slippage_sell_.end(), kNaN);
  }
  with_miners.slippage_buy = virtual_slippage_buy_;
  with_miners.slippage_sell = virtual_slippage_sell_;
  observer.on_sample(with_miners);
}

void Simulation::run(RunObserver& observer) {
  const Nanos start = scenario_.sim.start;
  const Nanos end = scenario_.sim.end();
  const Nanos step = scenario_.sim.step;
  bool replaying = false;
  if (reader_) {
    // The recorded book as it stood at the start: everything before it, applied at once.
    while ((replaying = read_group()) && group_time_ < start) apply_group();
    if (replaying) queue_.push(group_time_, EventPhase::kBackground, kRecordedMarket);
  }
  for (std::uint32_t agent = 0; agent < agents_.size(); ++agent) {
    AgentContext context = context_for(agent, start);
    agents_[agent].agent->start(context);
    after_call(agent, context);
  }
  drain_trades(observer);
  if (!reader_) queue_.push(start + step, EventPhase::kMarket, 0);
  queue_.push(start, EventPhase::kRecord, 0);
  const auto first_slot = scenario_.campaign.slot_at(start);
  schedule_snapshot(first_slot ? *first_slot : 0);

  const Nanos progress_step = std::max<Nanos>(1, (end - start) / 100);
  Nanos next_progress = start + progress_step;
  while (!queue_.empty() && queue_.top().time < end) {
    const Event event = queue_.pop();
    ++statistics_.events;
    if (event.time >= next_progress) {
      observer.on_progress(static_cast<double>(event.time - start) /
                           static_cast<double>(end - start));
      next_progress = event.time + progress_step;
    }
    switch (event.phase) {
      case EventPhase::kMarket:
        fundamental_.advance_to(event.time);
        signals_.fundamental = fundamental_.value();
        signals_.volatile_regime = fundamental_.volatile_regime();
        queue_.push(event.time + step, EventPhase::kMarket, 0);
        break;
      case EventPhase::kBackground:
      case EventPhase::kMiner: {
        if (reader_ && event.phase == EventPhase::kBackground && event.actor == kRecordedMarket) {
          apply_group();
          drain_trades(observer);
          notify_quote_change(event.time, event.phase, event.actor);
          if (read_group()) queue_.push(group_time_, EventPhase::kBackground, kRecordedMarket);
          break;
        }
        AgentSlot& slot = agents_[event.actor];
        if (event.generation != slot.generation) break;  // superseded wake-up
        ++statistics_.agent_wakes;
        slot.scheduled = std::numeric_limits<Nanos>::max();
        AgentContext context = context_for(event.actor, event.time);
        slot.agent->on_wake(context);
        after_call(event.actor, context);
        drain_trades(observer);
        notify_quote_change(event.time, event.phase, event.actor);
        break;
      }
      case EventPhase::kSnapshot:
        take_snapshot(event.time, observer);
        schedule_snapshot(next_snapshot_slot_ + 1);
        break;
      case EventPhase::kRecord:
        take_sample(event.time, observer);
        queue_.push(event.time + step, EventPhase::kRecord, 0);
        break;
    }
  }
  ledger_.close();
  statistics_.book_events = exchange_.book_events();
  observer.on_progress(1.0);
}

bool Simulation::read_group() {
  group_.clear();
  const replay::EventClock clock = scenario_.market.replay->clock;
  if (!next_event_) {
    replay::MarketEvent event;
    if (!reader_->next(event)) return false;
    next_event_ = event;
  }
  group_time_ = replay::time_on(*next_event_, clock);
  group_.push_back(*next_event_);
  next_event_.reset();
  replay::MarketEvent event;
  while (reader_->next(event)) {
    if (replay::time_on(event, clock) != group_time_) {
      next_event_ = event;
      break;
    }
    group_.push_back(event);
  }
  return true;
}

void Simulation::apply_group() {
  replay_venue_->apply(group_, group_time_);
}

std::int64_t Simulation::replay_levels_outside_window() const {
  return replay_venue_ ? replay_venue_->levels_outside_window() : 0;
}

replay::BadRowCounts Simulation::replay_bad_rows() const {
  return reader_ ? reader_->bad_rows() : replay::BadRowCounts{};
}

miners::MinerActivity Simulation::miner_activity(std::size_t miner) const {
  const auto& agent = static_cast<const miners::MinerAgent&>(*agents_[first_miner_ + miner].agent);
  return agent.activity(scenario_.sim.end());
}

double Simulation::final_mid() const {
  const OrderBook& book = exchange_.book();
  return book.has_two_sides() ? book.mid_ticks() * scenario_.market.spec.tick_size : kNaN;
}

}  // namespace lmsim::sim
