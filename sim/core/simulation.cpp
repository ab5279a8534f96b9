#include "sim/core/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "engine/not_a_number.hpp"
#include "engine/pair.hpp"
#include "sim/core/market_sampler.hpp"
#include "sim/core/registries.hpp"
#include "sim/core/replay_venue.hpp"
#include "sim/core/run_limits.hpp"

namespace lmsim::sim {

namespace {

std::size_t total_miners(const Scenario& scenario) {
  std::size_t count = 0;
  for (const MinerGroup& group : scenario.miners) count += static_cast<std::size_t>(group.count);
  return count;
}

}  // namespace

std::string account_name(const MinerGroup& group, int index) {
  if (group.count == 1) return group.name;
  const std::string number = std::to_string(index + 1);
  const std::size_t width = std::to_string(group.count).size();
  return group.name + "-" + std::string(width - number.size(), '0') + number;
}

std::vector<std::string> ledger_account_names(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const MinerGroup& group : scenario.miners) {
    for (int index = 0; index < group.count; ++index) names.push_back(account_name(group, index));
  }
  // The engine numbers miners in name byte order, as `lmsim score` does.
  std::sort(names.begin(), names.end());
  return names;
}

Simulation::Simulation(const Scenario& scenario,
                       std::unique_ptr<replay::MarketEventReader> recorded_market)
    : scenario_(scenario),
      source_(make_market_source(scenario_, std::move(recorded_market), total_miners(scenario))),
      exchange_(source_->venue()),
      queue_(scenario.sim.step),
      snapshot_random_(derive_seed(scenario.sim.seed, "snapshots")),
      tick_step_(scenario.market.spec.tick_size),
      lot_step_(scenario.market.spec.lot_size),
      markouts_(scenario.analysis.markout_horizon) {
  expected_events_ = expected_events(scenario_);
  event_budget_ = kEventBudgetFactor * expected_events_ + kEventBudgetSlack;
  event_source("sim.dt");
  event_source("campaign.snapshot_interval");
  source_->add_agents([this](std::unique_ptr<Agent> agent, const std::string& name) {
    add_agent(std::move(agent), name, EventPhase::kBackground);
  });
  build_miners();
  scorers_.push_back(std::make_unique<CampaignScorer>(scenario.campaign, miners_.size()));
  // Every further rule scores the same snapshots and fills with its own ledger.
  for (const AlsoScoredRule& extra : scenario.also_score) {
    engine::Campaign campaign = scenario.campaign;
    campaign.rule = extra.rule;
    scorers_.push_back(
        std::make_unique<CampaignScorer>(std::move(campaign), miners_.size(), extra.name));
  }
  std::vector<double> stakes(miners_.size());
  std::size_t miner = 0;
  for (const MinerGroup& group : scenario.miners) {
    for (int index = 0; index < group.count; ++index) stakes[ledger_id_[miner++]] = group.stake;
  }
  for (const auto& scorer : scorers_) scorer->set_stakes(stakes);
  sampler_ = std::make_unique<MarketSampler>(scenario_, exchange_, source_->replay_venue());
  meter_ = std::make_unique<UsefulLiquidityMeter>(
      scenario_.market.spec, scenario_.analysis.reference_order_sizes, miners_.size());
  if (exchange_.book_changes().tracked()) meter_changes_ = exchange_.book_changes().add_reader();
  useful_interval_ = market_sample_interval(scenario_);
  useful_touch_sum_.assign(miners_.size(), 0.0);
  useful_fill_sum_.assign(miners_.size(), 0.0);
}

Simulation::~Simulation() = default;

void Simulation::add_agent(std::unique_ptr<Agent> agent, std::string_view stream_name,
                           EventPhase phase) {
  // Background agents are named "<kind>/<index>"; their wake-ups are set by the kind's
  // mean_interval. Miners act on the clock.
  const std::string_view kind = stream_name.substr(0, stream_name.find('/'));
  const std::uint32_t source =
      phase == EventPhase::kMiner
          ? event_source("sim.dt")  // replaced by its table's in build_miners
          : event_source("background." + std::string(kind) + ".mean_interval");
  agents_.push_back(AgentSlot{std::move(agent),
                              RandomStream(derive_seed(scenario_.sim.seed, stream_name)), 0, phase,
                              std::numeric_limits<Nanos>::max(), false, source});
}

std::uint32_t Simulation::event_source(const std::string& key) {
  for (std::uint32_t i = 0; i < event_sources_.size(); ++i) {
    if (event_sources_[i] == key) return i;
  }
  event_sources_.push_back(key);
  source_events_.push_back(0);
  return static_cast<std::uint32_t>(event_sources_.size() - 1);
}

void Simulation::event_budget_exceeded() const {
  const auto most = static_cast<std::size_t>(
      std::max_element(source_events_.begin(), source_events_.end()) - source_events_.begin());
  char expected[32];
  std::snprintf(expected, sizeof expected, "%.0f", expected_events_);
  throw RunLimitError(event_sources_[most],
                      "the run has processed " + std::to_string(budgeted_events_) +
                          " events, more than " + std::to_string(int(kEventBudgetFactor)) +
                          " times the " + expected +
                          " its scenario implies, and is stopped; most of them (" +
                          std::to_string(source_events_[most]) + ") came from here");
}

void Simulation::build_miners() {
  first_miner_ = static_cast<std::uint32_t>(agents_.size());
  const MarketSpec& spec = scenario_.market.spec;
  for (std::size_t table = 0; table < scenario_.miners.size(); ++table) {
    const MinerGroup& group = scenario_.miners[table];
    // A miner wakes when its strategy asks: events beyond the budget name its table.
    const std::uint32_t source = event_source("miners[" + std::to_string(table) + "].strategy");
    for (int index = 0; index < group.count; ++index) {
      const Nanos start = scenario_.sim.start;
      const Nanos step = scenario_.sim.step;
      std::unique_ptr<miners::MinerStrategy> strategy = group.strategy->make(miners::StrategySetup{
          start, step, scenario_.campaign.epoch_start, scenario_.campaign.snapshot_interval});
      auto latency = make_latency_model(group.latency, step);
      // A strategy that reads the market's trades needs the tape to reach back that far.
      if (const Nanos tape = strategy->trade_tape_needed(); tape > 0) {
        exchange_.extend_tape_horizon(tape);
      }
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
      miners::MinerBehaviour behaviour = group.behaviour;
      behaviour.interval_start = scenario_.campaign.epoch_start;
      behaviour.interval = scenario_.campaign.snapshot_interval;
      auto agent = std::make_unique<miners::MinerAgent>(std::move(strategy), behaviour,
                                                        std::move(latency), start, step);
      if (group.economics) {
        agent->enable_economics(*group.economics, static_cast<std::uint32_t>(miners_.size()));
      }
      add_agent(std::move(agent), "miner/" + info.name, EventPhase::kMiner);
      agents_.back().source = source;
      miners_.push_back(std::move(info));
    }
  }
  inventories_.resize(miners_.size());
  miner_eligible_value_.assign(miners_.size(), 0.0);
  miner_reward_value_.assign(miners_.size(), 0.0);
  signals_.campaign.miner_eligible = miner_eligible_value_;
  signals_.campaign.miner_reward = miner_reward_value_;
  for (int side = 0; side < 2; ++side) {
    eligible_amount_[side].resize(miners_.size());
    best_spread_[side].resize(miners_.size());
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
  // Plain integers, not a pair of optionals: this runs after every event, and comparing the
  // pair as stored stalled on reading it back whole.
  const Ticks bid = book.best(Side::kBid).value_or(kNoQuote);
  const Ticks ask = book.best(Side::kAsk).value_or(kNoQuote);
  if (bid == last_bid_ && ask == last_ask_) return;
  last_bid_ = bid;
  last_ask_ = ask;
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
      const auto maker = miner_of(execution.maker);
      const auto taker = miner_of(trade.taker);
      const auto other = [](std::optional<std::uint32_t> miner) {
        return miner ? std::int64_t{*miner} : std::int64_t{-1};
      };
      const double price = spec.price(execution.price);
      const double amount = spec.amount(execution.quantity);
      if (maker) {
        observer.on_miner_fill(MinerFillRecord{trade.time, *maker, execution.maker_side, price,
                                               amount, true, other(taker)});
        markouts_.on_fill(trade.time);
        // Rules that pay maker volume count it from the same fills (in engine ids).
        const engine::MinerFill fill{
            trade.time, ledger_id_[*maker], execution.maker_side, price, amount, true};
        for (const auto& scorer : scorers_) scorer->on_miner_fill(scenario_.campaign_market, fill);
      }
      if (taker) {
        const Side side = execution.maker_side == Side::kBid ? Side::kAsk : Side::kBid;
        observer.on_miner_fill(
            MinerFillRecord{trade.time, *taker, side, price, amount, false, other(maker)});
        markouts_.on_fill(trade.time);
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
  // One draw per slot, in slot order: the schedule depends on the seed alone. A fixed offset
  // draws nothing (the stream is the snapshots' own, so nothing else moves).
  const auto offset = campaign.snapshot_timing == engine::SnapshotTiming::kFixedOffset
                          ? campaign.snapshot_offset
                          : static_cast<Nanos>(snapshot_random_.below(
                                static_cast<std::uint64_t>(campaign.snapshot_interval)));
  queue_.push(campaign.slot_start(slot) + offset, EventPhase::kSnapshot, 0);
}

void Simulation::collect_resting_orders(bool scored) {
  if (scored) snapshot_orders_.clear();
  resting_.clear();
  for (std::uint32_t miner = 0; miner < miners_.size(); ++miner) {
    const auto& agent =
        static_cast<const miners::MinerAgent&>(*agents_[first_miner_ + miner].agent);
    agent.for_each_resting_order([&](Side side, Ticks price, Lots remaining, Nanos live_since) {
      if (scored) {
        snapshot_orders_.add(ledger_id_[miner], side, tick_step_.value(price),
                             lot_step_.value(remaining), live_since);
      }
      resting_.push_back(RestingMinerOrder{miner, side, price, remaining});
    });
  }
}

void Simulation::measure_useful(Nanos time) {
  // On the market's sample grid, within the campaign's epochs (where snapshots can fall): a
  // grid that does not know when the snapshots are.
  if (miners_.empty() || (time - scenario_.sim.start) % useful_interval_ != 0) return;
  if (!scenario_.campaign.slot_at(time)) return;
  collect_resting_orders(false);
  measure_resting();
  for (std::size_t miner = 0; miner < miners_.size(); ++miner) {
    useful_touch_sum_[miner] +=
        meter_->size_at_touch(Side::kBid)[miner] + meter_->size_at_touch(Side::kAsk)[miner];
    useful_fill_sum_[miner] +=
        meter_->reference_fill(Side::kBid)[miner] + meter_->reference_fill(Side::kAsk)[miner];
  }
  ++useful_samples_;
}

void Simulation::measure_resting() {
  if (!meter_changes_) {
    meter_->measure(exchange_.book(), resting_, is_replay());
    return;
  }
  const BookChanges::Nearest changes = exchange_.book_changes().take(*meter_changes_);
  meter_->measure(exchange_.book(), resting_, is_replay(), &changes);
}

Simulation::UsefulAverage Simulation::miner_useful_average(std::size_t miner) const {
  if (useful_samples_ == 0) return {kNaN, kNaN};
  const double samples = static_cast<double>(useful_samples_);
  return {useful_touch_sum_[miner] / samples, useful_fill_sum_[miner] / samples};
}

void Simulation::take_snapshot(Nanos time, RunObserver& observer) {
  const MarketSpec& spec = scenario_.market.spec;
  collect_resting_orders(true);
  for (std::uint32_t miner = 0; miner < miners_.size(); ++miner) {
    inventories_[miner] = spec.amount(exchange_.account(miners_[miner].account).base);
  }
  const OrderBook& book = exchange_.book();
  const double mid = book.has_two_sides()
                         ? tick_step_.value(*book.best(Side::kBid) + *book.best(Side::kAsk), 2)
                         : kNaN;
  measure_resting();
  const engine::Snapshot snapshot{time, mid, snapshot_orders_.columns()};
  const ScoredSnapshot* primary = nullptr;
  for (const auto& scorer : scorers_) {
    const ScoredSnapshot& scored = scorer->score(scenario_.campaign_market, snapshot);
    if (primary == nullptr) primary = &scored;
  }
  const engine::SnapshotAward& award = *primary->award;
  // The observation lists miners in simulation order; the scorer numbers them by engine id.
  for (int side = 0; side < 2; ++side) {
    for (std::uint32_t id = 0; id < miners_.size(); ++id) {
      eligible_amount_[side][miner_of_ledger_id_[id]] = primary->eligible_amount[side][id];
      best_spread_[side][miner_of_ledger_id_[id]] = primary->best_spread[side][id];
    }
  }
  update_campaign_signals(time, mid, award);
  SnapshotObservation observation;
  observation.time = time;
  observation.mid = mid;
  observation.best_bid = book.best(Side::kBid) ? tick_step_.value(*book.best(Side::kBid)) : kNaN;
  observation.best_ask = book.best(Side::kAsk) ? tick_step_.value(*book.best(Side::kAsk)) : kNaN;
  observation.award = &award;
  observation.orders = &snapshot_orders_;
  observation.inventories = inventories_;
  observation.miner_of_ledger_id = miner_of_ledger_id_;
  observation.eligible_amount_bid = eligible_amount_[0];
  observation.eligible_amount_ask = eligible_amount_[1];
  observation.best_spread_bid = best_spread_[0];
  observation.best_spread_ask = best_spread_[1];
  observation.size_at_touch_bid = meter_->size_at_touch(Side::kBid);
  observation.size_at_touch_ask = meter_->size_at_touch(Side::kAsk);
  observation.reference_fill_bid = meter_->reference_fill(Side::kBid);
  observation.reference_fill_ask = meter_->reference_fill(Side::kAsk);
  observer.on_snapshot(observation);
  ++statistics_.snapshots;
}

void Simulation::run(RunObserver& observer) {
  const Nanos start = scenario_.sim.start;
  const Nanos end = scenario_.sim.end();
  source_->start(start, queue_, signals_);
  update_empty_book_price();
  for (std::uint32_t agent = 0; agent < agents_.size(); ++agent) {
    AgentContext context = context_for(agent, start);
    agents_[agent].agent->start(context);
    after_call(agent, context);
  }
  drain_trades(observer);
  const auto first_slot = scenario_.campaign.slot_at(start);
  schedule_snapshot(first_slot ? *first_slot : 0);

  const Nanos progress_step = std::max<Nanos>(1, (end - start) / 100);
  Nanos next_progress = start + progress_step;
  const auto report_progress = [&](Nanos time) {
    if (time >= next_progress) {
      observer.on_progress(static_cast<double>(time - start) / static_cast<double>(end - start));
      next_progress = time + progress_step;
    }
  };
  // The record phase runs at every clock step, the last phase of its instant, and only here:
  // kept beside the queue rather than in it, it is due when the queue holds nothing earlier
  // than its time (every event at its time has an earlier phase), which is the order the queue
  // would give it, without a push and a pop per step.
  Nanos next_record = start;
  while (true) {
    if (queue_.empty() || next_record < queue_.top_time()) {
      if (next_record >= end) break;
      const Nanos time = next_record;
      ++statistics_.events;
      count_event(0);
      report_progress(time);
      // Every clock step, whatever the recording grid: fills are marked out exactly.
      markouts_.on_step(time, final_mid(), observer);
      sampler_->sample(time, *source_, signals_, observer);
      measure_useful(time);
      ++statistics_.samples;
      next_record = time + scenario_.sim.step;
      continue;
    }
    if (queue_.top_time() >= end) break;
    const Event event = queue_.pop();
    ++statistics_.events;
    const bool source_event = source_->owns(event);
    // A replay's recorded events are bounded by its files; everything else counts.
    switch (event.phase) {
      case EventPhase::kBackground:
      case EventPhase::kMiner:
        if (!source_event) count_event(agents_[event.actor].source);
        break;
      case EventPhase::kSnapshot:
        count_event(1);
        break;
      case EventPhase::kMarket:
      case EventPhase::kRecord:
        if (!is_replay() || event.phase == EventPhase::kRecord) count_event(0);
        break;
    }
    report_progress(event.time);
    if (source_event) {
      source_->on_event(event, queue_, signals_);
      update_empty_book_price();
      drain_trades(observer);
      notify_quote_change(event.time, event.phase, event.actor);
      continue;
    }
    switch (event.phase) {
      case EventPhase::kMarket:
        break;  // only a market source schedules market events
      case EventPhase::kBackground:
      case EventPhase::kMiner: {
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
        break;  // only the loop's own clock records (above)
    }
  }
  markouts_.finish(observer);
  for (const auto& scorer : scorers_) scorer->close();
  statistics_.book_events = exchange_.book_events();
  observer.on_progress(1.0);
}

std::int64_t Simulation::replay_levels_outside_window() const {
  const ReplayVenue* replay = source_->replay_venue();
  return replay ? replay->levels_outside_window() : 0;
}

std::uint64_t Simulation::recorded_book_events() const {
  const ReplayVenue* replay = source_->replay_venue();
  return replay ? replay->recorded_events() : 0;
}

replay::BadRowCounts Simulation::replay_bad_rows() const {
  return source_->bad_rows();
}

void Simulation::update_empty_book_price() {
  if (scenario_.market.reference_price) {
    signals_.empty_book_price = *scenario_.market.reference_price;
  } else if (!is_replay() && scenario_.background.total() == 0) {
    // A market of miners alone: nobody else makes a mid, so they quote around the value.
    signals_.empty_book_price = signals_.fundamental;
  }
}

void Simulation::update_campaign_signals(Nanos time, double mid,
                                         const engine::SnapshotAward& award) {
  // What an economic miner reads at its next review: the campaign's published rate, the
  // eligible liquidity of this snapshot and the rewards paid so far, in quote currency.
  if (!std::isfinite(mid)) return;  // nothing eligible, nothing to value: keep the last
  const engine::Campaign& campaign = scenario_.campaign;
  const double token = reward_token_value(mid);
  const double unit = token * std::pow(10.0, -campaign.reward_decimals);
  const bool running = time >= campaign.epoch_start && time < campaign.end();
  const double days = static_cast<double>(campaign.epoch_length) / (86400.0 * 1e9);
  signals_.campaign.reward_per_day =
      running ? static_cast<double>(campaign.markets[scenario_.campaign_market].budget_per_epoch) *
                    unit / days
              : 0.0;
  double total = 0.0;
  for (std::size_t miner = 0; miner < miners_.size(); ++miner) {
    miner_eligible_value_[miner] = (eligible_amount_[0][miner] + eligible_amount_[1][miner]) * mid;
    total += miner_eligible_value_[miner];
  }
  signals_.campaign.eligible_liquidity = total;
  for (const engine::MinerAward& paid : award.miners) {
    miner_reward_value_[miner_of_ledger_id_[paid.miner]] +=
        static_cast<double>(paid.reward[0] + paid.reward[1]) * unit;
  }
}

double Simulation::reward_token_value(double mid) const {
  // As the results value rewards (run_collector): the analysis price, else the quote currency
  // at 1 and the base asset at the mid. Another token without a price is valued at 1: the
  // loader refuses it when a miner's economics would read the value.
  if (scenario_.analysis.reward_token_price) return *scenario_.analysis.reward_token_price;
  const engine::PairAssets assets = engine::pair_assets(scenario_.market.spec.pair);
  return scenario_.campaign.reward_token == assets.base ? mid : 1.0;
}

std::span<const miners::ReviewRecord> Simulation::miner_reviews(std::size_t miner) const {
  return static_cast<const miners::MinerAgent&>(*agents_[first_miner_ + miner].agent).reviews();
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
