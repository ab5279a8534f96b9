#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "analysis/report_format.hpp"
#include "analysis/run_data.hpp"
#include "engine/money.hpp"

namespace lmsim::sim::io {

// The layout of results.h5 (docs/results.md), written down once: every dataset and attribute
// with its path, its units and the RunData member it holds. The writer and the reader walk the
// same list (visit_results) with visitors of their own, so a dataset's name is spelt in one place
// and what is written is exactly what is read back.

/// The version of the results.h5 layout; bumped on any incompatible change.
inline constexpr std::int64_t kResultsSchemaVersion = 3;

/// The units a results file names: the reward token and the pair's two assets.
struct ResultUnits {
  std::string token;        ///< "USDT"
  std::string token_units;  ///< "base units of USDT (10^-6 USDT)"
  std::string base;         ///< "ETH"
  std::string quote;        ///< "USDT"
};

/// The units of `run`'s file.
ResultUnits result_units(const analysis::RunData& run);

inline constexpr const char* kTimeUnits = "ns since 1970-01-01T00:00:00Z";
inline constexpr const char* kCountUnits = "1";
inline constexpr const char* kFractionOfMid = "1 (fraction of the mid)";
inline constexpr const char* kMarketIndexUnits = "index into the root attribute 'markets'";

/// The group of the run's market, and of the market sampled without the miners (the baseline).
inline constexpr const char* kRunMarketGroup = "/market";
inline constexpr const char* kBaselineMarketGroup = "/baseline/market";

/// "0.5pct", "1pct", "2pct": the depth band's part of a dataset name.
std::string depth_band_name(double band);

/// A visitor sees, in file order:
/// - `v.column(path, values, units)`: a 1-D dataset held by a std::vector;
/// - `v.matrix(path, matrix, units)`: a 2-D dataset (analysis::Matrix), rows × columns;
/// - `v.records(path, records, &Record::field, units)`: one field of a vector of records as a
///   1-D dataset (the /miners and /epochs tables);
/// - `v.optional_column(path, values, units)`: a 1-D dataset added to the layout later: written
///   when it holds values, read back only when the file has it (older files do not; it stays
///   empty);
/// - `v.derived(path, values, units)`: a dataset written for readers of the file but not read
///   back, because it is computed from others (a reward in tokens from its base units);
/// - `v.attribute(object, name, value)` and `v.vector_attribute(object, name, values)`;
/// - `v.optional_attribute(object, name, optional)`: present only when set;
/// - `v.derived_attribute(object, name, fn)`: written (fn() is the value), not read back;
/// - `v.replay_attributes(object, replay)`: a replay's provenance, present only for a replay;
/// - `v.group(path, optional, fn)`: a group present only when `optional` is set (the
///   baseline market); fn(visitor, value) visits its contents.
/// `Run` is analysis::RunData (reading) or const analysis::RunData (writing).
template <typename Visitor, typename Series>
void visit_market_series(Visitor& v, const std::string& prefix, Series& series,
                         const ResultUnits& u) {
  v.column(prefix + "/time", series.time, kTimeUnits);
  v.column(prefix + "/mid", series.mid, u.quote);
  v.column(prefix + "/best_bid", series.best_bid, u.quote);
  v.column(prefix + "/best_ask", series.best_ask, u.quote);
  for (std::size_t band = 0; band < analysis::kDepthBands.size(); ++band) {
    const std::string name = depth_band_name(analysis::kDepthBands[band]);
    v.column(prefix + "/depth_bid_" + name, series.depth_bid[band], u.base);
    v.column(prefix + "/depth_ask_" + name, series.depth_ask[band], u.base);
  }
  v.matrix(prefix + "/slippage_buy", series.slippage_buy, kFractionOfMid);
  v.vector_attribute(prefix + "/slippage_buy", "sizes", series.reference_sizes);
  v.matrix(prefix + "/slippage_sell", series.slippage_sell, kFractionOfMid);
  v.vector_attribute(prefix + "/slippage_sell", "sizes", series.reference_sizes);
  v.column(prefix + "/fundamental", series.fundamental, u.quote);
  v.column(prefix + "/realised_volatility", series.realised_volatility, "1 (annualised)");
  v.column(prefix + "/traded_volume", series.traded_volume, u.base);
  v.column(prefix + "/trades/time", series.trades.time, kTimeUnits);
  v.column(prefix + "/trades/price", series.trades.price, u.quote);
  v.column(prefix + "/trades/amount", series.trades.amount, u.base);
  v.column(prefix + "/trades/aggressor", series.trades.aggressor,
           "0 = buyer-initiated (lifted an ask), 1 = seller-initiated (hit a bid)");
}

template <typename Visitor, typename Run>
void visit_results(Visitor& v, Run& run, const ResultUnits& u) {
  using analysis::EpochRecord;
  using analysis::MinerRecord;
  auto& provenance = run.provenance;
  // Provenance: enough to identify and reproduce the run.
  v.attribute("/", "schema_version", provenance.schema_version);
  v.attribute("/", "lmsim_version", provenance.lmsim_version);
  v.attribute("/", "scenario", provenance.scenario_text);
  v.attribute("/", "scenario_path", provenance.scenario_path);
  v.attribute("/", "seed", provenance.seed);
  v.attribute("/", "scoring_rule", provenance.scoring_rule);
  v.attribute("/", "markets", run.pair);
  v.attribute("/", "source", provenance.source);
  v.attribute("/", "start", provenance.start);
  v.attribute("/", "end", provenance.end);
  v.attribute("/", "dt", provenance.dt);
  v.attribute("/", "tick_size", provenance.tick_size);
  v.attribute("/", "lot_size", provenance.lot_size);
  v.attribute("/", "book_events", provenance.book_events);
  v.attribute("/", "agent_wakes", provenance.agent_wakes);
  v.attribute("/", "events", provenance.events);
  v.attribute("/", "markout_horizon", run.markout_horizon);
  v.optional_attribute("/", "reward_token_price", run.reward_token_price);
  v.derived_attribute("/", "reward_token", [&] { return run.campaign.reward_token; });
  v.derived_attribute("/", "reward_decimals",
                      [&] { return std::int64_t{run.campaign.reward_decimals}; });
  v.replay_attributes("/", run.replay);

  // The market as sampled every dt, and without the miners when a baseline was recorded.
  visit_market_series(v, kRunMarketGroup, run.market, u);
  v.group("/baseline", run.baseline, [&](Visitor& inner, auto& baseline) {
    visit_market_series(inner, kBaselineMarketGroup, baseline, u);
    inner.derived_attribute("/baseline", "description", [] {
      return std::string(
          "the same scenario and seed without the miners: the market the campaign did not buy");
    });
    inner.attribute("/baseline", "book_events", run.baseline_book_events);
  });

  // One entry per snapshot.
  auto& s = run.snapshots;
  v.column("/snapshots/time", s.time, kTimeUnits);
  v.column("/snapshots/market", s.market, kMarketIndexUnits);
  v.column("/snapshots/slot", s.slot, "campaign slot (0-based, across epochs)");
  v.column("/snapshots/epoch", s.epoch, "epoch (0-based)");
  v.column("/snapshots/mid", s.mid, u.quote);
  v.column("/snapshots/best_bid", s.best_bid, u.quote);
  v.column("/snapshots/best_ask", s.best_ask, u.quote);
  v.column("/snapshots/pool_bid", s.pool_bid, u.token_units);
  v.column("/snapshots/pool_ask", s.pool_ask, u.token_units);
  v.column("/snapshots/allocated_bid", s.allocated_bid, u.token_units);
  v.column("/snapshots/allocated_ask", s.allocated_ask, u.token_units);
  v.column("/snapshots/rolled_over_bid", s.rolled_over_bid, u.token_units);
  v.column("/snapshots/rolled_over_ask", s.rolled_over_ask, u.token_units);
  v.column("/snapshots/eligible_miners_bid", s.eligible_miners_bid, kCountUnits);
  v.column("/snapshots/eligible_miners_ask", s.eligible_miners_ask, kCountUnits);

  // Per snapshot and miner.
  auto& m = run.snapshot_miner;
  const std::string weight_units = u.base + " x spread weight";
  v.matrix("/snapshot_miner/reward", m.reward, u.token_units);
  v.matrix("/snapshot_miner/weight_bid", m.weight_bid, weight_units);
  v.matrix("/snapshot_miner/weight_ask", m.weight_ask, weight_units);
  v.matrix("/snapshot_miner/eligible_amount_bid", m.eligible_amount_bid, u.base);
  v.matrix("/snapshot_miner/eligible_amount_ask", m.eligible_amount_ask, u.base);
  v.matrix("/snapshot_miner/best_spread_bid", m.best_spread_bid, kFractionOfMid);
  v.matrix("/snapshot_miner/best_spread_ask", m.best_spread_ask, kFractionOfMid);
  v.matrix("/snapshot_miner/inventory", m.inventory, u.base);
  v.matrix("/snapshot_miner/size_at_touch_bid", m.size_at_touch_bid, u.base);
  v.matrix("/snapshot_miner/size_at_touch_ask", m.size_at_touch_ask, u.base);
  v.matrix("/snapshot_miner/reference_fill_bid", m.reference_fill_bid,
           u.base + " (summed over the reference order sizes)");
  v.matrix("/snapshot_miner/reference_fill_ask", m.reference_fill_ask,
           u.base + " (summed over the reference order sizes)");

  // One entry per execution involving a miner.
  auto& f = run.fills;
  v.column("/fills/time", f.time, kTimeUnits);
  v.column("/fills/miner", f.miner, "index into /miners");
  v.column("/fills/side", f.side, "0 = the miner bought (bid), 1 = sold (ask)");
  v.column("/fills/price", f.price, u.quote);
  v.column("/fills/amount", f.amount, u.base);
  v.column("/fills/maker", f.maker, "1 = the miner's resting order was hit, 0 = it took");
  v.column("/fills/counterparty", f.counterparty,
           "index into /miners of the other side; -1 = not a miner account");
  v.optional_column("/fills/markout_mid", f.markout_mid,
                    u.quote +
                        " (mid at the last clock step at or before time + markout_horizon;"
                        " NaN = unmarked)");

  // One entry per review of a miner with economics.
  auto& d = run.decisions;
  v.column("/miners/decisions/time", d.time, kTimeUnits);
  v.column("/miners/decisions/miner", d.miner, "index into /miners");
  v.column("/miners/decisions/active", d.active, "1 = quotes until the next review, 0 = out");
  v.column("/miners/decisions/size_scale", d.size_scale, "multiplies the strategy's sizes");
  v.column("/miners/decisions/spread", d.spread,
           "percent; NaN = the strategy's own spreads (spread_policy = \"fixed\")");
  v.column("/miners/decisions/expected_yield", d.expected_yield,
           "annual return on capital, net of trading, expected if active");
  v.column("/miners/decisions/realised_yield", d.realised_yield,
           "annual return on capital, net of trading, over the lookback");

  // One entry per miner account.
  auto& miners = run.miners;
  const std::string text = "text";
  const std::string summed = u.base + " x spread weight, summed over snapshots";
  v.records("/miners/name", miners, &MinerRecord::name, text);
  v.records("/miners/entity", miners, &MinerRecord::entity, text);
  v.records("/miners/strategy", miners, &MinerRecord::strategy, text);
  v.records("/miners/group", miners, &MinerRecord::group, text);
  v.records("/miners/drawn", miners, &MinerRecord::drawn,
            "text: the values drawn by the account's population, \"\" for [[miners]]");
  v.derived(
      "/miners/reward",
      [&] {
        std::vector<double> tokens;
        for (const MinerRecord& miner : miners) {
          tokens.push_back(
              static_cast<double>(miner.reward_base_units) /
              static_cast<double>(engine::base_units_per_token(run.campaign.reward_decimals)));
        }
        return tokens;
      },
      u.token);
  v.records("/miners/reward_base_units", miners, &MinerRecord::reward_base_units, u.token_units);
  v.records("/miners/reward_bid", miners, &MinerRecord::reward_bid, u.token_units);
  v.records("/miners/reward_ask", miners, &MinerRecord::reward_ask, u.token_units);
  v.records("/miners/weight_bid", miners, &MinerRecord::weight_bid, summed);
  v.records("/miners/weight_ask", miners, &MinerRecord::weight_ask, summed);
  v.records("/miners/eligible_snapshots", miners, &MinerRecord::eligible_snapshots, kCountUnits);
  v.records("/miners/eligible_snapshots_bid", miners, &MinerRecord::eligible_snapshots_bid,
            kCountUnits);
  v.records("/miners/eligible_snapshots_ask", miners, &MinerRecord::eligible_snapshots_ask,
            kCountUnits);
  v.records("/miners/uptime", miners, &MinerRecord::uptime,
            "1 (share of snapshots with an eligible order)");
  v.records("/miners/online_fraction", miners, &MinerRecord::online_fraction,
            "1 (share of simulated time)");
  v.records("/miners/quoting_fraction", miners, &MinerRecord::quoting_fraction,
            "1 (share of simulated time)");
  v.records("/miners/maker_fills", miners, &MinerRecord::maker_fills, kCountUnits);
  v.records("/miners/taker_fills", miners, &MinerRecord::taker_fills, kCountUnits);
  v.records("/miners/bought", miners, &MinerRecord::bought, u.base);
  v.records("/miners/sold", miners, &MinerRecord::sold, u.base);
  v.records("/miners/initial_inventory", miners, &MinerRecord::start_base, u.base);
  v.records("/miners/initial_quote", miners, &MinerRecord::start_quote, u.quote);
  v.records("/miners/final_inventory", miners, &MinerRecord::final_inventory, u.base);
  v.records("/miners/final_quote", miners, &MinerRecord::final_quote, u.quote);
  v.records("/miners/fees", miners, &MinerRecord::fees, u.quote);
  v.records("/miners/pnl", miners, &MinerRecord::pnl,
            u.quote + " (mark-to-market at the final mid, rewards excluded)");
  v.records("/miners/orders_submitted", miners, &MinerRecord::orders_submitted, kCountUnits);
  v.records("/miners/orders_rejected", miners, &MinerRecord::orders_rejected, kCountUnits);
  v.records("/miners/orders_post_only_rejected", miners, &MinerRecord::orders_post_only_rejected,
            kCountUnits);
  v.records("/miners/cancels", miners, &MinerRecord::cancels, kCountUnits);
  v.records("/miners/outages", miners, &MinerRecord::outages, kCountUnits);
  v.records("/miners/storm_withdrawals", miners, &MinerRecord::storm_withdrawals, kCountUnits);
  v.records("/miners/size_at_touch_average", miners, &MinerRecord::size_at_touch_average,
            u.base + " (both sides, mean over the market samples within the campaign; NaN = none)");
  v.records("/miners/reference_fill_average", miners, &MinerRecord::reference_fill_average,
            u.base +
                " (both sides, summed over the reference order sizes, mean over the market samples"
                " within the campaign; NaN = none)");

  // One entry per epoch of the simulated market.
  auto& epochs = run.epochs;
  v.derived(
      "/epochs/market",
      [&] { return std::vector<std::uint32_t>(epochs.size(), run.campaign_market); },
      kMarketIndexUnits);
  v.records("/epochs/epoch", epochs, &EpochRecord::epoch, "epoch (0-based)");
  v.records("/epochs/start", epochs, &EpochRecord::start, kTimeUnits);
  v.records("/epochs/budget", epochs, &EpochRecord::budget, u.token_units);
  v.records("/epochs/allocated", epochs, &EpochRecord::allocated, u.token_units);
  v.records("/epochs/unallocated", epochs, &EpochRecord::unallocated, u.token_units);

  // Each further rule that scored the run: its totals per miner account and per epoch.
  using analysis::RuleMinerRecord;
  for (auto& rule : run.rules) {
    const std::string prefix = "/rules/" + rule.name;
    auto& rule_miners = rule.miners;
    v.derived(
        prefix + "/miners/reward",
        [&] {
          std::vector<double> tokens;
          for (const RuleMinerRecord& miner : rule_miners) {
            tokens.push_back(
                static_cast<double>(miner.reward_base_units) /
                static_cast<double>(engine::base_units_per_token(run.campaign.reward_decimals)));
          }
          return tokens;
        },
        u.token);
    v.records(prefix + "/miners/reward_base_units", rule_miners,
              &RuleMinerRecord::reward_base_units, u.token_units);
    v.records(prefix + "/miners/reward_bid", rule_miners, &RuleMinerRecord::reward_bid,
              u.token_units);
    v.records(prefix + "/miners/reward_ask", rule_miners, &RuleMinerRecord::reward_ask,
              u.token_units);
    v.records(prefix + "/miners/weight_bid", rule_miners, &RuleMinerRecord::weight_bid,
              "the rule's side weight, summed over snapshots");
    v.records(prefix + "/miners/weight_ask", rule_miners, &RuleMinerRecord::weight_ask,
              "the rule's side weight, summed over snapshots");
    v.records(prefix + "/miners/eligible_snapshots", rule_miners,
              &RuleMinerRecord::eligible_snapshots, kCountUnits);
    auto& rule_epochs = rule.epochs;
    v.records(prefix + "/epochs/epoch", rule_epochs, &EpochRecord::epoch, "epoch (0-based)");
    v.records(prefix + "/epochs/start", rule_epochs, &EpochRecord::start, kTimeUnits);
    v.records(prefix + "/epochs/budget", rule_epochs, &EpochRecord::budget, u.token_units);
    v.records(prefix + "/epochs/allocated", rule_epochs, &EpochRecord::allocated, u.token_units);
    v.records(prefix + "/epochs/unallocated", rule_epochs, &EpochRecord::unallocated,
              u.token_units);
    v.attribute(prefix, "rule", rule.rule);
  }
}

}  // namespace lmsim::sim::io
