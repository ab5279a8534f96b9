#include "sim/io/run_recorder.hpp"

#include <cmath>
#include <map>

#include "analysis/report_format.hpp"
#include "engine/version.hpp"
#include "sim/io/campaign_config.hpp"
#include "sim/io/campaign_json.hpp"
#include "sim/io/json_writer.hpp"
#include "sim/io/metrics_export.hpp"
#include "sim/io/text_table.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

constexpr const char* kTime = "ns since 1970-01-01T00:00:00Z";
constexpr const char* kCount = "1";

std::string base_units(const engine::Campaign& campaign) {
  return "base units of " + campaign.reward_token + " (10^-" +
         std::to_string(campaign.reward_decimals) + " " + campaign.reward_token + ")";
}

std::string quote_currency(const Scenario& scenario) {
  const std::string& pair = scenario.market.spec.pair;
  const auto dash = pair.find_last_of("-/");
  return dash == std::string::npos ? "quote currency" : pair.substr(dash + 1);
}

std::string base_asset(const Scenario& scenario) {
  const std::string& pair = scenario.market.spec.pair;
  const auto dash = pair.find_first_of("-/");
  return dash == std::string::npos ? "base asset" : pair.substr(0, dash);
}

double tokens(const engine::Campaign& campaign, engine::BaseUnits amount) {
  return static_cast<double>(amount) /
         static_cast<double>(engine::base_units_per_token(campaign.reward_decimals));
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

}  // namespace

namespace {

/// The market series of one run under `prefix` ("/market" or "/baseline/market").
class MarketSeriesStreams {
 public:
  MarketSeriesStreams(Hdf5Writer& writer, const std::string& prefix, const Scenario& scenario)
      : time_(writer, prefix + "/time", kTime),
        mid_(writer, prefix + "/mid", quote_currency(scenario)),
        bid_(writer, prefix + "/best_bid", quote_currency(scenario)),
        ask_(writer, prefix + "/best_ask", quote_currency(scenario)),
        fundamental_(writer, prefix + "/fundamental", quote_currency(scenario)),
        volatility_(writer, prefix + "/realised_volatility", "1 (annualised)"),
        volume_(writer, prefix + "/traded_volume", base_asset(scenario)),
        slippage_buy_(writer, prefix + "/slippage_buy",
                      scenario.analysis.reference_order_sizes.size(), "1 (fraction of the mid)"),
        slippage_sell_(writer, prefix + "/slippage_sell",
                       scenario.analysis.reference_order_sizes.size(), "1 (fraction of the mid)") {
    for (const double band : kDepthBands) {
      const std::string suffix = band_name(band);
      depth_bid_.emplace_back(writer, prefix + "/depth_bid_" + suffix, base_asset(scenario));
      depth_ask_.emplace_back(writer, prefix + "/depth_ask_" + suffix, base_asset(scenario));
    }
    writer.set_attribute(prefix + "/slippage_buy", "sizes",
                         std::span<const double>(scenario.analysis.reference_order_sizes));
    writer.set_attribute(prefix + "/slippage_sell", "sizes",
                         std::span<const double>(scenario.analysis.reference_order_sizes));
  }

  void append(const MarketSample& sample) {
    time_.append(sample.time);
    mid_.append(sample.mid);
    bid_.append(sample.best_bid);
    ask_.append(sample.best_ask);
    for (std::size_t i = 0; i < kDepthBands.size(); ++i) {
      depth_bid_[i].append(sample.depth_bid[i]);
      depth_ask_[i].append(sample.depth_ask[i]);
    }
    slippage_buy_.append_row(sample.slippage_buy);
    slippage_sell_.append_row(sample.slippage_sell);
    fundamental_.append(sample.fundamental);
    volatility_.append(sample.realised_volatility);
    volume_.append(sample.traded_volume);
  }

  void close() {
    for (auto* column : {&time_}) column->close();
    for (auto* column : {&mid_, &bid_, &ask_, &fundamental_, &volatility_, &volume_})
      column->close();
    for (auto& column : depth_bid_) column.close();
    for (auto& column : depth_ask_) column.close();
    slippage_buy_.close();
    slippage_sell_.close();
  }

  /// "0.5pct", "1pct", "2pct".
  static std::string band_name(double band) { return format_number(band * 100.0) + "pct"; }

 private:
  Hdf5AppendColumn<std::int64_t> time_;
  Hdf5AppendColumn<double> mid_, bid_, ask_, fundamental_, volatility_, volume_;
  std::vector<Hdf5AppendColumn<double>> depth_bid_, depth_ask_;
  Hdf5AppendRows<double> slippage_buy_, slippage_sell_;
};

/// Writes only the market series: the observer of the baseline run without miners.
class MarketSeriesObserver final : public RunObserver {
 public:
  MarketSeriesObserver(Hdf5Writer& writer, const std::string& prefix, const Scenario& scenario)
      : streams_(writer, prefix, scenario) {}
  void on_sample(const MarketSample& sample) override { streams_.append(sample); }
  void on_snapshot(const SnapshotObservation&) override {}
  void on_miner_fill(const MinerFillRecord&) override {}
  void on_baseline_sample(const MarketSample&) override {}
  void on_progress(double) override {}
  void close() { streams_.close(); }

 private:
  MarketSeriesStreams streams_;
};

}  // namespace

std::optional<double> reward_token_price(const Scenario& scenario, const Simulation& simulation) {
  if (scenario.analysis.reward_token_price) return scenario.analysis.reward_token_price;
  if (scenario.campaign.reward_token == quote_currency(scenario)) return 1.0;
  if (scenario.campaign.reward_token == base_asset(scenario))
    return closing_price(scenario, simulation);
  return std::nullopt;
}

struct RunRecorder::Streams {
  Streams(Hdf5Writer& writer, const Scenario& scenario, std::size_t miners)
      : market_series(writer, "/market", scenario),
        time(writer, "/snapshots/time", kTime),
        market(writer, "/snapshots/market", "index into the root attribute 'markets'"),
        slot(writer, "/snapshots/slot", "campaign slot (0-based, across epochs)"),
        epoch(writer, "/snapshots/epoch", "epoch (0-based)"),
        mid(writer, "/snapshots/mid", quote_currency(scenario)),
        best_bid(writer, "/snapshots/best_bid", quote_currency(scenario)),
        best_ask(writer, "/snapshots/best_ask", quote_currency(scenario)),
        pool_bid(writer, "/snapshots/pool_bid", base_units(scenario.campaign)),
        pool_ask(writer, "/snapshots/pool_ask", base_units(scenario.campaign)),
        allocated_bid(writer, "/snapshots/allocated_bid", base_units(scenario.campaign)),
        allocated_ask(writer, "/snapshots/allocated_ask", base_units(scenario.campaign)),
        rolled_bid(writer, "/snapshots/rolled_over_bid", base_units(scenario.campaign)),
        rolled_ask(writer, "/snapshots/rolled_over_ask", base_units(scenario.campaign)),
        eligible_bid(writer, "/snapshots/eligible_miners_bid", kCount),
        eligible_ask(writer, "/snapshots/eligible_miners_ask", kCount),
        reward(writer, "/snapshot_miner/reward", columns(miners), base_units(scenario.campaign)),
        weight_bid(writer, "/snapshot_miner/weight_bid", columns(miners),
                   base_asset(scenario) + " x spread weight"),
        weight_ask(writer, "/snapshot_miner/weight_ask", columns(miners),
                   base_asset(scenario) + " x spread weight"),
        amount_bid(writer, "/snapshot_miner/eligible_amount_bid", columns(miners),
                   base_asset(scenario)),
        amount_ask(writer, "/snapshot_miner/eligible_amount_ask", columns(miners),
                   base_asset(scenario)),
        spread_bid(writer, "/snapshot_miner/best_spread_bid", columns(miners),
                   "1 (fraction of the mid)"),
        spread_ask(writer, "/snapshot_miner/best_spread_ask", columns(miners),
                   "1 (fraction of the mid)"),
        inventory(writer, "/snapshot_miner/inventory", columns(miners), base_asset(scenario)),
        fill_time(writer, "/fills/time", kTime),
        fill_miner(writer, "/fills/miner", "index into /miners"),
        fill_side(writer, "/fills/side", "0 = the miner bought (bid), 1 = sold (ask)"),
        fill_price(writer, "/fills/price", quote_currency(scenario)),
        fill_amount(writer, "/fills/amount", base_asset(scenario)),
        fill_maker(writer, "/fills/maker", "1 = the miner's resting order was hit, 0 = it took") {}

  static std::size_t columns(std::size_t miners) { return std::max<std::size_t>(miners, 1); }

  void close() {
    market_series.close();
    if (baseline) baseline->close();
    for (auto* column : {&time, &slot, &epoch, &pool_bid, &pool_ask, &allocated_bid, &allocated_ask,
                         &rolled_bid, &rolled_ask, &fill_time}) {
      column->close();
    }
    for (auto* column : {&market, &eligible_bid, &eligible_ask, &fill_miner}) column->close();
    for (auto* column : {&mid, &best_bid, &best_ask, &fill_price, &fill_amount}) column->close();
    for (auto* column : {&fill_side, &fill_maker}) column->close();
    reward.close();
    for (auto* matrix : {&weight_bid, &weight_ask, &amount_bid, &amount_ask, &spread_bid,
                         &spread_ask, &inventory}) {
      matrix->close();
    }
  }

  MarketSeriesStreams market_series;
  std::optional<MarketSeriesStreams> baseline;  ///< a replay's recorded market, as it goes
  Hdf5AppendColumn<std::int64_t> time;
  Hdf5AppendColumn<std::uint32_t> market;
  Hdf5AppendColumn<std::int64_t> slot;
  Hdf5AppendColumn<std::int64_t> epoch;
  Hdf5AppendColumn<double> mid, best_bid, best_ask;
  Hdf5AppendColumn<std::int64_t> pool_bid, pool_ask, allocated_bid, allocated_ask, rolled_bid,
      rolled_ask;
  Hdf5AppendColumn<std::uint32_t> eligible_bid, eligible_ask;
  Hdf5AppendRows<std::int64_t> reward;
  Hdf5AppendRows<double> weight_bid, weight_ask, amount_bid, amount_ask, spread_bid, spread_ask,
      inventory;
  Hdf5AppendColumn<std::int64_t> fill_time;
  Hdf5AppendColumn<std::uint32_t> fill_miner;
  Hdf5AppendColumn<std::uint8_t> fill_side;
  Hdf5AppendColumn<double> fill_price, fill_amount;
  Hdf5AppendColumn<std::uint8_t> fill_maker;
};

RunRecorder::RunRecorder(const std::filesystem::path& path, const Scenario& scenario,
                         std::size_t miner_count)
    : scenario_(scenario),
      miner_count_(miner_count),
      writer_(path),
      streams_(std::make_unique<Streams>(writer_, scenario, miner_count)),
      reward_row_(std::max<std::size_t>(miner_count, 1)),
      weight_bid_row_(std::max<std::size_t>(miner_count, 1)),
      weight_ask_row_(std::max<std::size_t>(miner_count, 1)) {}

RunRecorder::~RunRecorder() = default;

void RunRecorder::on_sample(const MarketSample& sample) {
  streams_->market_series.append(sample);
}

void RunRecorder::on_baseline_sample(const MarketSample& sample) {
  if (!streams_->baseline) streams_->baseline.emplace(writer_, "/baseline/market", scenario_);
  streams_->baseline->append(sample);
}

void RunRecorder::on_snapshot(const SnapshotObservation& snapshot) {
  Streams& s = *streams_;
  const engine::SnapshotAward& award = *snapshot.award;
  s.time.append(snapshot.time);
  s.market.append(static_cast<std::uint32_t>(award.market));
  s.slot.append(award.slot);
  s.epoch.append(static_cast<std::int64_t>(award.epoch));
  s.mid.append(snapshot.mid);
  s.best_bid.append(snapshot.best_bid);
  s.best_ask.append(snapshot.best_ask);
  s.pool_bid.append(award.sides[0].pool);
  s.pool_ask.append(award.sides[1].pool);
  s.allocated_bid.append(award.sides[0].allocated);
  s.allocated_ask.append(award.sides[1].allocated);
  s.rolled_bid.append(award.sides[0].rolled_over);
  s.rolled_ask.append(award.sides[1].rolled_over);
  std::uint32_t eligible[2] = {0, 0};
  std::fill(reward_row_.begin(), reward_row_.end(), 0);
  std::fill(weight_bid_row_.begin(), weight_bid_row_.end(), 0.0);
  std::fill(weight_ask_row_.begin(), weight_ask_row_.end(), 0.0);
  for (const engine::MinerAward& miner : award.miners) {
    const std::uint32_t column = snapshot.miner_of_ledger_id[miner.miner];
    reward_row_[column] = miner.reward[0] + miner.reward[1];
    weight_bid_row_[column] = miner.weight[0];
    weight_ask_row_[column] = miner.weight[1];
    for (int side = 0; side < 2; ++side) eligible[side] += miner.weight[side] > 0.0 ? 1 : 0;
  }
  s.eligible_bid.append(eligible[0]);
  s.eligible_ask.append(eligible[1]);
  if (miner_count_ == 0) return;
  s.reward.append_row(reward_row_);
  s.weight_bid.append_row(weight_bid_row_);
  s.weight_ask.append_row(weight_ask_row_);
  s.amount_bid.append_row(snapshot.eligible_amount_bid);
  s.amount_ask.append_row(snapshot.eligible_amount_ask);
  s.spread_bid.append_row(snapshot.best_spread_bid);
  s.spread_ask.append_row(snapshot.best_spread_ask);
  s.inventory.append_row(snapshot.inventories);
}

void RunRecorder::run_baseline(Simulation& simulation) {
  streams_->close();
  MarketSeriesObserver observer(writer_, "/baseline/market", scenario_);
  simulation.run(observer);
  observer.close();
  writer_.set_attribute("/baseline", "description",
                        "the same scenario and seed without the miners: the market the campaign "
                        "did not buy");
  writer_.set_attribute("/baseline", "book_events", simulation.statistics().book_events);
  baseline_done_ = true;
}

void RunRecorder::on_miner_fill(const MinerFillRecord& fill) {
  Streams& s = *streams_;
  s.fill_time.append(fill.time);
  s.fill_miner.append(fill.miner);
  s.fill_side.append(static_cast<std::uint8_t>(engine::side_index(fill.side)));
  s.fill_price.append(fill.price);
  s.fill_amount.append(fill.amount);
  s.fill_maker.append(static_cast<std::uint8_t>(fill.maker ? 1 : 0));
}

void RunRecorder::finish(const Simulation& simulation) {
  if (!baseline_done_) streams_->close();
  const engine::Campaign& campaign = scenario_.campaign;
  const std::vector<MinerResult> results = miner_results(scenario_, simulation);
  const std::string units = base_units(campaign);
  const std::string quote = quote_currency(scenario_);
  const std::string base = base_asset(scenario_);

  std::vector<std::string> names, entities, strategies, groups;
  std::vector<double> reward, uptime, online, quoting, initial_base, initial_quote, final_base,
      final_quote, fees, pnl, bought, sold;
  std::vector<std::int64_t> reward_units, reward_bid, reward_ask, eligible, eligible_bid,
      eligible_ask, maker_fills, taker_fills, submitted, rejected, cancels, outages, storms;
  std::vector<double> weight_bid, weight_ask;
  const double duration = static_cast<double>(scenario_.sim.duration);
  for (const MinerResult& result : results) {
    names.push_back(result.info->name);
    entities.push_back(result.info->entity);
    strategies.push_back(result.info->strategy);
    groups.push_back(result.info->group);
    reward.push_back(tokens(campaign, result.totals.total_reward()));
    reward_units.push_back(result.totals.total_reward());
    reward_bid.push_back(result.totals.reward[0]);
    reward_ask.push_back(result.totals.reward[1]);
    weight_bid.push_back(result.totals.weight[0]);
    weight_ask.push_back(result.totals.weight[1]);
    eligible.push_back(result.totals.eligible_snapshots);
    eligible_bid.push_back(result.totals.eligible_side_snapshots[0]);
    eligible_ask.push_back(result.totals.eligible_side_snapshots[1]);
    uptime.push_back(result.uptime);
    online.push_back(static_cast<double>(result.activity.online_time) / duration);
    quoting.push_back(static_cast<double>(result.activity.quoting_time) / duration);
    maker_fills.push_back(result.maker_fills);
    taker_fills.push_back(result.taker_fills);
    bought.push_back(result.bought);
    sold.push_back(result.sold);
    initial_base.push_back(scenario_.market.spec.amount(result.info->initial_base));
    initial_quote.push_back(static_cast<double>(result.info->initial_cash) *
                            scenario_.market.spec.cash_unit());
    final_base.push_back(result.final_base);
    final_quote.push_back(result.final_quote);
    fees.push_back(result.fees);
    pnl.push_back(result.pnl);
    submitted.push_back(result.activity.orders_submitted);
    rejected.push_back(result.activity.orders_rejected);
    cancels.push_back(result.activity.cancels);
    outages.push_back(result.activity.outages);
    storms.push_back(result.activity.storm_withdrawals);
  }
  writer_.write("/miners/name", names, kTextUnits);
  writer_.write("/miners/entity", entities, kTextUnits);
  writer_.write("/miners/strategy", strategies, kTextUnits);
  writer_.write("/miners/group", groups, kTextUnits);
  writer_.write("/miners/reward", reward, campaign.reward_token);
  writer_.write("/miners/reward_base_units", reward_units, units);
  writer_.write("/miners/reward_bid", reward_bid, units);
  writer_.write("/miners/reward_ask", reward_ask, units);
  writer_.write("/miners/weight_bid", weight_bid, base + " x spread weight, summed over snapshots");
  writer_.write("/miners/weight_ask", weight_ask, base + " x spread weight, summed over snapshots");
  writer_.write("/miners/eligible_snapshots", eligible, kCount);
  writer_.write("/miners/eligible_snapshots_bid", eligible_bid, kCount);
  writer_.write("/miners/eligible_snapshots_ask", eligible_ask, kCount);
  writer_.write("/miners/uptime", uptime, "1 (share of snapshots with an eligible order)");
  writer_.write("/miners/online_fraction", online, "1 (share of simulated time)");
  writer_.write("/miners/quoting_fraction", quoting, "1 (share of simulated time)");
  writer_.write("/miners/maker_fills", maker_fills, kCount);
  writer_.write("/miners/taker_fills", taker_fills, kCount);
  writer_.write("/miners/bought", bought, base);
  writer_.write("/miners/sold", sold, base);
  writer_.write("/miners/initial_inventory", initial_base, base);
  writer_.write("/miners/initial_quote", initial_quote, quote);
  writer_.write("/miners/final_inventory", final_base, base);
  writer_.write("/miners/final_quote", final_quote, quote);
  writer_.write("/miners/fees", fees, quote);
  writer_.write("/miners/pnl", pnl, quote + " (mark-to-market at the final mid, rewards excluded)");
  writer_.write("/miners/orders_submitted", submitted, kCount);
  writer_.write("/miners/orders_rejected", rejected, kCount);
  writer_.write("/miners/cancels", cancels, kCount);
  writer_.write("/miners/outages", outages, kCount);
  writer_.write("/miners/storm_withdrawals", storms, kCount);

  std::vector<std::uint32_t> epoch_market;
  std::vector<std::int64_t> epoch_index, epoch_start, budget, allocated, unallocated;
  for (std::size_t market = 0; market < campaign.markets.size(); ++market) {
    for (int epoch = 0; epoch < campaign.epochs; ++epoch) {
      const engine::EpochTotals& totals = simulation.ledger().epoch_totals(market, epoch);
      epoch_market.push_back(static_cast<std::uint32_t>(market));
      epoch_index.push_back(epoch);
      epoch_start.push_back(campaign.epoch_start + epoch * campaign.epoch_length);
      budget.push_back(totals.budget);
      allocated.push_back(totals.allocated);
      unallocated.push_back(totals.unallocated);
    }
  }
  writer_.write("/epochs/market", epoch_market, "index into the root attribute 'markets'");
  writer_.write("/epochs/epoch", epoch_index, "epoch (0-based)");
  writer_.write("/epochs/start", epoch_start, kTime);
  writer_.write("/epochs/budget", budget, units);
  writer_.write("/epochs/allocated", allocated, units);
  writer_.write("/epochs/unallocated", unallocated, units);

  const RunStatistics& statistics = simulation.statistics();
  writer_.set_attribute("/", "schema_version", kResultsSchemaVersion);
  writer_.set_attribute("/", "lmsim_version", engine::kVersion);
  writer_.set_attribute("/", "scenario", scenario_.effective_text);
  writer_.set_attribute("/", "scenario_path", scenario_.path);
  writer_.set_attribute("/", "seed", scenario_.sim.seed);
  writer_.set_attribute("/", "scoring_rule", std::string(campaign.scoring_rule().name()));
  writer_.set_attribute("/", "reward_token", campaign.reward_token);
  writer_.set_attribute("/", "reward_decimals",
                        static_cast<std::int64_t>(campaign.reward_decimals));
  writer_.set_attribute("/", "markets", scenario_.market.spec.pair);
  writer_.set_attribute("/", "source", scenario_.market.source);
  writer_.set_attribute("/", "start", scenario_.sim.start);
  writer_.set_attribute("/", "end", scenario_.sim.end());
  writer_.set_attribute("/", "dt", scenario_.sim.step);
  writer_.set_attribute("/", "tick_size", scenario_.market.spec.tick_size);
  writer_.set_attribute("/", "lot_size", scenario_.market.spec.lot_size);
  writer_.set_attribute("/", "book_events", statistics.book_events);
  writer_.set_attribute("/", "agent_wakes", statistics.agent_wakes);
  writer_.set_attribute("/", "events", statistics.events);
  writer_.set_attribute("/", "markout_horizon", scenario_.analysis.markout_horizon);
  if (scenario_.market.replay) {
    const ReplaySettings& replay = *scenario_.market.replay;
    std::string files;
    for (const std::string& file : replay.files) files += (files.empty() ? "" : "\n") + file;
    writer_.set_attribute("/", "replay_format", replay.format);
    writer_.set_attribute("/", "replay_files", files);
    writer_.set_attribute("/", "queue_model", std::string(replay.queue->name()));
    writer_.set_attribute("/", "replay_bad_rows", simulation.replay_bad_rows().problems());
    writer_.set_attribute("/", "replay_levels_outside_window",
                          simulation.replay_levels_outside_window());
  }
  if (const auto price = reward_token_price(scenario_, simulation)) {
    writer_.set_attribute("/", "reward_token_price", *price);
  }
  writer_.close();
}

std::vector<MinerResult> miner_results(const Scenario& scenario, const Simulation& simulation) {
  const MarketSpec& spec = scenario.market.spec;
  const double price = closing_price(scenario, simulation);
  const auto totals = simulation.ledger().miner_totals(scenario.campaign_market);
  const double snapshots = static_cast<double>(simulation.statistics().snapshots);
  std::vector<MinerResult> results;
  for (std::size_t miner = 0; miner < simulation.miners().size(); ++miner) {
    const MinerInfo& info = simulation.miners()[miner];
    const Account& account = simulation.venue().account(info.account);
    MinerResult result;
    result.info = &info;
    const engine::MinerId id = simulation.ledger_id(miner);
    if (id < totals.size()) result.totals = totals[id];
    result.activity = simulation.miner_activity(miner);
    result.uptime =
        snapshots > 0 ? static_cast<double>(result.totals.eligible_snapshots) / snapshots : 0.0;
    result.final_base = spec.amount(account.base);
    result.final_quote = static_cast<double>(account.cash) * spec.cash_unit();
    result.fees = account.fees;
    result.maker_fills = account.maker_fills;
    result.taker_fills = account.taker_fills;
    result.bought = spec.amount(account.bought);
    result.sold = spec.amount(account.sold);
    // Against simply holding the starting balances: cash gained, plus inventory gained valued at
    // the closing price, minus fees.
    result.pnl = static_cast<double>(account.cash - info.initial_cash) * spec.cash_unit() +
                 spec.amount(account.base - info.initial_base) * price - account.fees;
    results.push_back(result);
  }
  return results;
}

std::string run_summary_json(const Scenario& scenario, const Simulation& simulation,
                             const std::vector<MinerResult>& results,
                             const analysis::RunMetrics* metrics) {
  const engine::Campaign& campaign = scenario.campaign;
  JsonWriter json;
  json.begin_object();
  json.key("lmsim_version").value(engine::kVersion);
  json.key("scenario").value(scenario.path);
  json.key("seed").value(static_cast<std::int64_t>(scenario.sim.seed));
  json.key("start").value(format_timestamp(scenario.sim.start));
  json.key("end").value(format_timestamp(scenario.sim.end()));
  json.key("campaign");
  write_campaign_json(json, campaign);
  json.key("markets").begin_array();
  for (std::size_t market = 0; market < campaign.markets.size(); ++market) {
    std::vector<engine::EpochTotals> epochs;
    for (int epoch = 0; epoch < campaign.epochs; ++epoch) {
      epochs.push_back(simulation.ledger().epoch_totals(market, epoch));
    }
    json.begin_object();
    json.key("pair").value(campaign.markets[market].pair);
    json.key("epochs");
    write_epochs_json(json, campaign, epochs);
    json.end_object();
  }
  json.end_array();

  json.key("miners").begin_array();
  for (const MinerResult& result : results) {
    json.begin_object();
    json.key("name").value(result.info->name);
    json.key("entity").value(result.info->entity);
    json.key("strategy").value(result.info->strategy);
    json.key("reward");
    write_token_amount(json, campaign, result.totals.total_reward());
    json.key("reward_bid");
    write_token_amount(json, campaign, result.totals.reward[0]);
    json.key("reward_ask");
    write_token_amount(json, campaign, result.totals.reward[1]);
    json.key("uptime").value(result.uptime);
    json.key("eligible_snapshots").value(result.totals.eligible_snapshots);
    json.key("maker_fills").value(result.maker_fills);
    json.key("taker_fills").value(result.taker_fills);
    json.key("final_inventory").value(result.final_base);
    json.key("pnl").value(result.pnl);
    json.end_object();
  }
  json.end_array();

  // Entities in name order: accounts grouped by owner.
  std::map<std::string, std::pair<std::int64_t, engine::BaseUnits>> entities;
  for (const MinerResult& result : results) {
    auto& entry = entities[result.info->entity];
    ++entry.first;
    entry.second += result.totals.total_reward();
  }
  json.key("entities").begin_array();
  for (const auto& [name, entry] : entities) {
    json.begin_object();
    json.key("name").value(name);
    json.key("accounts").value(entry.first);
    json.key("reward");
    write_token_amount(json, campaign, entry.second);
    json.end_object();
  }
  json.end_array();

  if (scenario.market.replay) {
    const ReplaySettings& replay = *scenario.market.replay;
    json.key("replay").begin_object();
    json.key("format").value(replay.format);
    json.key("files").begin_array();
    for (const std::string& file : replay.files) json.value(file);
    json.end_array();
    json.key("queue_model").value(std::string(replay.queue->name()));
    json.key("on_bad_row").value(replay::on_bad_row_name(replay.on_bad_row));
    json.key("bad_rows").begin_object();
    const replay::BadRowCounts counts = simulation.replay_bad_rows();
    for (const replay::BadRowKind kind : replay::kAllBadRowKinds) {
      json.key(replay::bad_row_kind_name(kind)).value(counts[kind]);
    }
    json.key("dropped_rows").value(counts.dropped_rows);
    json.end_object();
    json.key("levels_outside_window").value(simulation.replay_levels_outside_window());
    json.end_object();
  }
  const RunStatistics& statistics = simulation.statistics();
  json.key("run").begin_object();
  json.key("snapshots").value(static_cast<std::int64_t>(statistics.snapshots));
  json.key("book_events").value(static_cast<std::int64_t>(statistics.book_events));
  json.key("agent_wakes").value(static_cast<std::int64_t>(statistics.agent_wakes));
  json.key("market_samples").value(static_cast<std::int64_t>(statistics.samples));
  json.end_object();
  if (metrics != nullptr) {
    json.key("metrics");
    write_metrics_json(json, *metrics);
  }
  json.end_object();
  return json.str();
}

std::string run_table(const Scenario& scenario, const Simulation& simulation,
                      const std::vector<MinerResult>& results) {
  const engine::Campaign& campaign = scenario.campaign;
  const std::string token = " (" + campaign.reward_token + ")";
  const std::string quote = " (" + quote_currency(scenario) + ")";
  engine::BaseUnits allocated = 0;
  for (int epoch = 0; epoch < campaign.epochs; ++epoch) {
    allocated += simulation.ledger().epoch_totals(scenario.campaign_market, epoch).allocated;
  }
  TextTable table;
  table.add_column("miner", TextTable::Align::kLeft);
  table.add_column("entity", TextTable::Align::kLeft);
  table.add_column("strategy", TextTable::Align::kLeft);
  table.add_column("reward" + token, TextTable::Align::kRight);
  table.add_column("share", TextTable::Align::kRight);
  table.add_column("uptime", TextTable::Align::kRight);
  table.add_column("fills", TextTable::Align::kRight);
  table.add_column("inventory", TextTable::Align::kRight);
  table.add_column("pnl" + quote, TextTable::Align::kRight);
  char number[64];
  for (const MinerResult& result : results) {
    const engine::BaseUnits reward = result.totals.total_reward();
    std::snprintf(number, sizeof number, "%.4f", result.final_base);
    std::string inventory = number;
    std::snprintf(number, sizeof number, "%.2f", result.pnl);
    table.add_row(
        {result.info->name, result.info->entity, result.info->strategy,
         engine::format_token_amount(reward, campaign.reward_decimals),
         analysis::format_percent(
             allocated > 0 ? static_cast<double>(reward) / static_cast<double>(allocated) : 0.0),
         analysis::format_percent(result.uptime),
         std::to_string(result.maker_fills + result.taker_fills), inventory, number});
  }
  const RunStatistics& statistics = simulation.statistics();
  std::string text = "scenario " + scenario.path + " (seed " + std::to_string(scenario.sim.seed) +
                     "): " + format_duration(scenario.sim.duration) + " of " +
                     scenario.market.spec.pair + " from " + format_timestamp(scenario.sim.start) +
                     ", " +
                     (scenario.market.replay
                          ? "replaying " + scenario.market.replay->format + " data"
                          : std::to_string(scenario.background.total()) + " background agents") +
                     ", " + std::to_string(results.size()) + " miners\n";
  text += std::to_string(statistics.snapshots) + " snapshots, " +
          std::to_string(statistics.book_events) + " book events, " +
          std::to_string(statistics.agent_wakes) + " agent wake-ups\n\n";
  text += table.str() + "\n";
  for (int epoch = 0; epoch < campaign.epochs; ++epoch) {
    const engine::EpochTotals& totals =
        simulation.ledger().epoch_totals(scenario.campaign_market, epoch);
    text += scenario.market.spec.pair + " epoch " + std::to_string(epoch) + ": budget " +
            engine::format_token_amount(totals.budget, campaign.reward_decimals) + ", allocated " +
            engine::format_token_amount(totals.allocated, campaign.reward_decimals) +
            ", unallocated " +
            engine::format_token_amount(totals.unallocated, campaign.reward_decimals) + " " +
            campaign.reward_token + "\n";
  }
  return text;
}

}  // namespace lmsim::sim::io
