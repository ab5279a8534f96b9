#include "sim/app/run_collector.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "analysis/report_run.hpp"
#include "engine/version.hpp"
#include "sim/core/market_sampler.hpp"
#include "sim/core/replay/bad_row.hpp"
#include "sim/io/results_schema.hpp"

namespace lmsim::sim::app {

namespace {

/// Beyond this many samples (ten days at one a second) the series are not reserved up front.
constexpr std::int64_t kMaxReservedSamples = 864'000;
/// A trade tape's length is projected (append_sample) only in runs of at least 16 times this.
constexpr std::size_t kMinProjectedSamples = 64;

/// Reserves `count` elements of `column` and maps their pages in one call: a grid's columns are
/// written to the end, and faulting them in page by page (thousands of traps, each dear in a
/// virtual machine) cost more than the appends themselves. Best effort: a kernel without
/// MADV_POPULATE_WRITE (before Linux 5.14) faults them in as they are written.
template <typename T>
void reserve_mapped(std::vector<T>& column, std::size_t count) {
  column.reserve(count);
#ifdef MADV_POPULATE_WRITE
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<std::uintptr_t>(column.data());
  const std::uintptr_t first = (begin + page - 1) / page * page;
  const std::uintptr_t last = (begin + column.capacity() * sizeof(T)) / page * page;
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE);
#endif
}

template <typename T>
void append_row(analysis::Matrix<T>& matrix, std::span<const T> row) {
  matrix.values.insert(matrix.values.end(), row.begin(), row.end());
  ++matrix.rows;
}

analysis::MarketSeries empty_series(const Scenario& scenario) {
  analysis::MarketSeries series;
  series.reference_sizes = scenario.analysis.reference_order_sizes;
  series.slippage_buy.columns = series.reference_sizes.size();
  series.slippage_sell.columns = series.reference_sizes.size();
  // The grid's length is known: reserving it spares every column its copies and second page
  // faults as it grows. A run without a set length (or an implausible one) grows as it goes.
  const Nanos interval = market_sample_interval(scenario);
  if (scenario.sim.duration > 0 && interval > 0 &&
      scenario.sim.duration / interval < kMaxReservedSamples) {
    const auto samples = static_cast<std::size_t>(scenario.sim.duration / interval + 1);
    for (auto* column : {&series.mid, &series.best_bid, &series.best_ask, &series.fundamental,
                         &series.realised_volatility, &series.traded_volume}) {
      reserve_mapped(*column, samples);
    }
    for (std::size_t band = 0; band < analysis::kDepthBands.size(); ++band) {
      reserve_mapped(series.depth_bid[band], samples);
      reserve_mapped(series.depth_ask[band], samples);
    }
    reserve_mapped(series.time, samples);
    reserve_mapped(series.slippage_buy.values, samples * series.slippage_buy.columns);
    reserve_mapped(series.slippage_sell.values, samples * series.slippage_sell.columns);
  }
  return series;
}

/// The price the run ends at: the final mid, else the last trade, else the initial price.
double closing_price(const Scenario& scenario, const Simulation& simulation) {
  const double mid = simulation.final_mid();
  if (std::isfinite(mid)) return mid;
  if (const auto trade = simulation.venue().last_trade_price()) {
    return scenario.market.spec.price(*trade);
  }
  return scenario.market.initial_price;
}

/// Quote currency per reward token, to value rewards: `[analysis] reward_token_price`, else 1
/// when the reward token is the pair's quote currency, the closing price when it is the base
/// asset, unknown otherwise.
std::optional<double> reward_token_price(const Scenario& scenario, const Simulation& simulation) {
  if (scenario.analysis.reward_token_price) return scenario.analysis.reward_token_price;
  const analysis::PairAssets assets = analysis::pair_assets(scenario.market.spec.pair);
  if (scenario.campaign.reward_token == assets.quote) return 1.0;
  if (scenario.campaign.reward_token == assets.base) return closing_price(scenario, simulation);
  return std::nullopt;
}

/// The epochs of the simulated market, as `ledger` closed them.
std::vector<analysis::EpochRecord> epoch_records(const engine::RewardLedger& ledger,
                                                 const Scenario& scenario) {
  const engine::Campaign& campaign = scenario.campaign;
  std::vector<analysis::EpochRecord> epochs;
  for (int epoch = 0; epoch < campaign.epochs; ++epoch) {
    const engine::EpochTotals& money = ledger.epoch_totals(scenario.campaign_market, epoch);
    epochs.push_back({epoch, campaign.epoch_start + epoch * campaign.epoch_length, money.budget,
                      money.allocated, money.unallocated});
  }
  return epochs;
}

}  // namespace

void append_sample(analysis::MarketSeries& series, const MarketSample& sample) {
  series.time.push_back(sample.time);
  series.mid.push_back(sample.mid);
  series.best_bid.push_back(sample.best_bid);
  series.best_ask.push_back(sample.best_ask);
  for (std::size_t band = 0; band < kDepthBands.size(); ++band) {
    series.depth_bid[band].push_back(sample.depth_bid[band]);
    series.depth_ask[band].push_back(sample.depth_ask[band]);
  }
  append_row(series.slippage_buy, sample.slippage_buy);
  append_row(series.slippage_sell, sample.slippage_sell);
  series.fundamental.push_back(sample.fundamental);
  series.realised_volatility.push_back(sample.realised_volatility);
  series.traded_volume.push_back(sample.traded_volume);
  analysis::TradeSeries& trades = series.trades;
  // The tape's length is not known up front: once a sixteenth of the reserved grid is recorded,
  // it is projected from the rate so far, with a quarter to spare, so that a long tape is copied
  // about once rather than at every doubling.
  const std::size_t grid = series.time.capacity();
  if (grid >= 16 * kMinProjectedSamples && series.time.size() == grid / 16) {
    const std::size_t projected = trades.size() * 20;
    trades.time.reserve(projected);
    trades.price.reserve(projected);
    trades.amount.reserve(projected);
    trades.aggressor.reserve(projected);
  }
  for (const MarketTrade& trade : sample.trades) {
    trades.time.push_back(trade.time);
    trades.price.push_back(trade.price);
    trades.amount.push_back(trade.size);
    trades.aggressor.push_back(trade.aggressor == Side::kBid ? 0 : 1);
  }
}

MarketSeriesCollector::MarketSeriesCollector(const Scenario& scenario)
    : series_(empty_series(scenario)) {}

void MarketSeriesCollector::on_sample(const MarketSample& sample) {
  append_sample(series_, sample);
}

RunCollector::RunCollector(const Scenario& scenario, std::size_t miner_count)
    : scenario_(scenario), miner_count_(miner_count) {
  run_.market = empty_series(scenario);
  for (auto* matrix :
       {&run_.snapshot_miner.weight_bid, &run_.snapshot_miner.weight_ask,
        &run_.snapshot_miner.eligible_amount_bid, &run_.snapshot_miner.eligible_amount_ask,
        &run_.snapshot_miner.best_spread_bid, &run_.snapshot_miner.best_spread_ask,
        &run_.snapshot_miner.inventory, &run_.snapshot_miner.size_at_touch_bid,
        &run_.snapshot_miner.size_at_touch_ask, &run_.snapshot_miner.reference_fill_bid,
        &run_.snapshot_miner.reference_fill_ask}) {
    matrix->columns = miner_count;
  }
  run_.snapshot_miner.reward.columns = miner_count;
}

void RunCollector::on_sample(const MarketSample& sample) {
  append_sample(run_.market, sample);
  if (grown_) grown_(run_.market);
}

void RunCollector::on_baseline_sample(const MarketSample& sample) {
  if (!run_.baseline) run_.baseline = empty_series(scenario_);
  append_sample(*run_.baseline, sample);
}

void RunCollector::on_snapshot(const SnapshotObservation& snapshot) {
  const engine::SnapshotAward& award = *snapshot.award;
  analysis::SnapshotSeries& s = run_.snapshots;
  s.time.push_back(snapshot.time);
  s.market.push_back(static_cast<std::uint32_t>(award.market));
  s.slot.push_back(award.slot);
  s.epoch.push_back(award.epoch);
  s.mid.push_back(snapshot.mid);
  s.best_bid.push_back(snapshot.best_bid);
  s.best_ask.push_back(snapshot.best_ask);
  s.pool_bid.push_back(award.sides[0].pool);
  s.pool_ask.push_back(award.sides[1].pool);
  s.allocated_bid.push_back(award.sides[0].allocated);
  s.allocated_ask.push_back(award.sides[1].allocated);
  s.rolled_over_bid.push_back(award.sides[0].rolled_over);
  s.rolled_over_ask.push_back(award.sides[1].rolled_over);
  std::uint32_t eligible[2] = {0, 0};
  analysis::SnapshotMinerData& m = run_.snapshot_miner;
  // A row of zeros, then the miners the engine paid (in engine ids, mapped to miner columns).
  const std::size_t row = m.reward.values.size();
  m.reward.values.resize(row + miner_count_, 0);
  m.weight_bid.values.resize(row + miner_count_, 0.0);
  m.weight_ask.values.resize(row + miner_count_, 0.0);
  for (const engine::MinerAward& miner : award.miners) {
    const std::uint32_t column = snapshot.miner_of_ledger_id[miner.miner];
    m.reward.values[row + column] = miner.reward[0] + miner.reward[1];
    m.weight_bid.values[row + column] = miner.weight[0];
    m.weight_ask.values[row + column] = miner.weight[1];
    for (int side = 0; side < 2; ++side) eligible[side] += miner.weight[side] > 0.0 ? 1 : 0;
  }
  ++m.reward.rows;
  ++m.weight_bid.rows;
  ++m.weight_ask.rows;
  s.eligible_miners_bid.push_back(eligible[0]);
  s.eligible_miners_ask.push_back(eligible[1]);
  append_row(m.eligible_amount_bid, snapshot.eligible_amount_bid);
  append_row(m.eligible_amount_ask, snapshot.eligible_amount_ask);
  append_row(m.best_spread_bid, snapshot.best_spread_bid);
  append_row(m.best_spread_ask, snapshot.best_spread_ask);
  append_row(m.inventory, snapshot.inventories);
  append_row(m.size_at_touch_bid, snapshot.size_at_touch_bid);
  append_row(m.size_at_touch_ask, snapshot.size_at_touch_ask);
  append_row(m.reference_fill_bid, snapshot.reference_fill_bid);
  append_row(m.reference_fill_ask, snapshot.reference_fill_ask);
}

void RunCollector::on_miner_fill(const MinerFillRecord& fill) {
  analysis::FillSeries& f = run_.fills;
  f.time.push_back(fill.time);
  f.miner.push_back(fill.miner);
  f.side.push_back(static_cast<std::uint8_t>(engine::side_index(fill.side)));
  f.price.push_back(fill.price);
  f.amount.push_back(fill.amount);
  f.maker.push_back(static_cast<std::uint8_t>(fill.maker ? 1 : 0));
  f.counterparty.push_back(fill.counterparty);
}

void RunCollector::on_fill_markout(const FillMarkoutRecord& markout) {
  std::vector<double>& mids = run_.fills.markout_mid;
  // The simulation reports mark-outs in fill order, each after its fill.
  if (markout.fill != mids.size() || markout.fill >= run_.fills.size()) {
    throw std::logic_error("RunCollector: mark-out of fill " + std::to_string(markout.fill) +
                           " out of order");
  }
  mids.push_back(markout.mid);
}

void RunCollector::add_baseline(analysis::MarketSeries baseline, std::uint64_t book_events) {
  run_.baseline = std::move(baseline);
  run_.baseline_book_events = book_events;
}

analysis::RunData RunCollector::finish(const Simulation& simulation) {
  const Scenario& scenario = scenario_;
  const MarketSpec& spec = scenario.market.spec;
  const engine::Campaign& campaign = scenario.campaign;
  const RunStatistics& statistics = simulation.statistics();

  analysis::RunProvenance& provenance = run_.provenance;
  provenance.schema_version = io::kResultsSchemaVersion;
  provenance.lmsim_version = engine::kVersion;
  provenance.scenario_path = scenario.path;
  provenance.scenario_text = scenario.effective_text;
  provenance.seed = scenario.sim.seed;
  provenance.scoring_rule = std::string(campaign.scoring_rule().name());
  provenance.source = scenario.market.source;
  provenance.start = scenario.sim.start;
  provenance.end = scenario.sim.end();
  provenance.dt = scenario.sim.step;
  provenance.book_events = statistics.book_events;
  provenance.agent_wakes = statistics.agent_wakes;
  provenance.events = statistics.events;
  provenance.tick_size = spec.tick_size;
  provenance.lot_size = spec.lot_size;
  run_.pair = spec.pair;
  run_.campaign = campaign;
  run_.campaign_market = static_cast<std::uint32_t>(scenario.campaign_market);
  run_.markout_horizon = scenario.analysis.markout_horizon;
  run_.reward_token_price = reward_token_price(scenario, simulation);

  // Every economics decision, in time order (miners in simulation order at equal times).
  std::vector<std::pair<std::uint32_t, const miners::ReviewRecord*>> reviews;
  for (std::size_t miner = 0; miner < simulation.miners().size(); ++miner) {
    for (const miners::ReviewRecord& review : simulation.miner_reviews(miner)) {
      reviews.emplace_back(static_cast<std::uint32_t>(miner), &review);
    }
  }
  std::stable_sort(reviews.begin(), reviews.end(),
                   [](const auto& a, const auto& b) { return a.second->time < b.second->time; });
  analysis::DecisionSeries& d = run_.decisions;
  for (const auto& [miner, review] : reviews) {
    const miners::EconomicsDecision& decision = review->decision;
    d.time.push_back(review->time);
    d.miner.push_back(miner);
    d.active.push_back(decision.active ? 1 : 0);
    d.size_scale.push_back(decision.size_scale);
    d.spread.push_back(decision.spread.value_or(std::numeric_limits<double>::quiet_NaN()));
    d.expected_yield.push_back(decision.expected_yield);
    d.realised_yield.push_back(decision.realised_yield);
  }

  // Per miner: what the ledger paid, the account's balances and what the miner did.
  const double price = closing_price(scenario, simulation);
  const auto totals = simulation.ledger().miner_totals(scenario.campaign_market);
  const double snapshots = static_cast<double>(statistics.snapshots);
  const double duration = static_cast<double>(scenario.sim.duration);
  for (std::size_t miner = 0; miner < simulation.miners().size(); ++miner) {
    const MinerInfo& info = simulation.miners()[miner];
    const Account& account = simulation.venue().account(info.account);
    const engine::MinerId id = simulation.ledger_id(miner);
    const engine::MinerTotals total = id < totals.size() ? totals[id] : engine::MinerTotals{};
    const miners::MinerActivity activity = simulation.miner_activity(miner);
    analysis::MinerRecord record;
    record.name = info.name;
    record.entity = info.entity;
    record.strategy = info.strategy;
    record.group = info.group;
    for (const MinerGroup& group : scenario.miners) {
      if (group.name == info.group) record.drawn = group.drawn;
    }
    record.reward_base_units = total.total_reward();
    record.reward_bid = total.reward[0];
    record.reward_ask = total.reward[1];
    record.weight_bid = total.weight[0];
    record.weight_ask = total.weight[1];
    record.eligible_snapshots = total.eligible_snapshots;
    record.eligible_snapshots_bid = total.eligible_side_snapshots[0];
    record.eligible_snapshots_ask = total.eligible_side_snapshots[1];
    record.uptime = snapshots > 0 ? static_cast<double>(total.eligible_snapshots) / snapshots : 0.0;
    record.online_fraction = static_cast<double>(activity.online_time) / duration;
    record.quoting_fraction = static_cast<double>(activity.quoting_time) / duration;
    record.maker_fills = account.maker_fills;
    record.taker_fills = account.taker_fills;
    record.bought = spec.amount(account.bought);
    record.sold = spec.amount(account.sold);
    record.start_base = spec.amount(info.initial_base);
    record.start_quote = static_cast<double>(info.initial_cash) * spec.cash_unit();
    record.final_inventory = spec.amount(account.base);
    record.final_quote = static_cast<double>(account.cash) * spec.cash_unit();
    record.fees = account.fees;
    // Against simply holding the starting balances: cash gained, plus inventory gained valued at
    // the closing price, minus fees.
    record.pnl = static_cast<double>(account.cash - info.initial_cash) * spec.cash_unit() +
                 spec.amount(account.base - info.initial_base) * price - account.fees;
    record.orders_submitted = activity.orders_submitted;
    record.orders_rejected = activity.orders_rejected;
    record.orders_post_only_rejected = activity.orders_post_only_rejected;
    record.cancels = activity.cancels;
    record.outages = activity.outages;
    record.storm_withdrawals = activity.storm_withdrawals;
    const Simulation::UsefulAverage useful = simulation.miner_useful_average(miner);
    record.size_at_touch_average = useful.size_at_touch;
    record.reference_fill_average = useful.reference_fill;
    run_.miners.push_back(std::move(record));
  }

  // The simulated market's epochs.
  run_.epochs = epoch_records(simulation.ledger(), scenario);

  // Each further rule's totals, per account (mapped from engine ids) and per epoch.
  run_.honest = scenario.analysis.honest;
  for (std::size_t r = 1; r < simulation.scorers().size(); ++r) {
    const CampaignScorer& scorer = *simulation.scorers()[r];
    analysis::RuleResults rule;
    rule.name = std::string(scorer.name());
    rule.rule = std::string(scorer.rule_name());
    rule.config = scenario.also_score[r - 1].rule;
    const auto rule_totals = scorer.ledger().miner_totals(scenario.campaign_market);
    for (std::size_t miner = 0; miner < simulation.miners().size(); ++miner) {
      const engine::MinerId id = simulation.ledger_id(miner);
      const engine::MinerTotals total =
          id < rule_totals.size() ? rule_totals[id] : engine::MinerTotals{};
      rule.miners.push_back({total.total_reward(), total.reward[0], total.reward[1],
                             total.weight[0], total.weight[1], total.eligible_snapshots});
    }
    rule.epochs = epoch_records(scorer.ledger(), scenario);
    run_.rules.push_back(std::move(rule));
  }

  if (scenario.market.replay) {
    const ReplaySettings& settings = *scenario.market.replay;
    analysis::ReplayInfo replay;
    replay.format = settings.format;
    replay.files = settings.files;
    replay.queue_model = std::string(settings.queue ? settings.queue->name() : "conservative");
    replay.on_bad_row = std::string(replay::on_bad_row_name(settings.on_bad_row));
    const replay::BadRowCounts counts = simulation.replay_bad_rows();
    for (const replay::BadRowKind kind : replay::kAllBadRowKinds) {
      replay.bad_rows.emplace_back(std::string(replay::bad_row_kind_name(kind)), counts[kind]);
    }
    replay.dropped_rows = counts.dropped_rows;
    replay.levels_outside_window = simulation.replay_levels_outside_window();
    run_.replay = std::move(replay);
    // The recorded book, sampled in the same pass, is the market without the miners.
    run_.baseline_book_events = simulation.recorded_book_events();
  }
  return std::move(run_);
}

}  // namespace lmsim::sim::app
