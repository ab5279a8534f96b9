#pragma once

// A small run built by hand for the report-metric tests, small enough that every figure can be
// computed on paper (tests/analysis/test_run_metrics.cpp shows the arithmetic).
//
// Campaign: one 4-minute epoch from t = 0, a snapshot a minute, 2 reward decimals, token price
// 2 quote per token; simulated window [−60 s, 300 s), so the campaign window is [0, 240 s).
// Accounts: a1 and a2 owned by entity "E" (group g1: 1 base + 100 quote each), b its own entity
// (group g2: 2 base + 0 quote); [analysis] honest names pure_market_making (a1 and a2).
// Market samples every 60 s from −60 s; the mid is undefined at
// 120 s. Baseline: the same instants with a steady 30 bp market.

#include <cmath>
#include <limits>
#include <vector>

#include "analysis/run_data.hpp"

namespace lmsim::analysis::test {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr engine::Nanos kSecond = engine::kNanosPerSecond;

inline analysis::Matrix<double> matrix_of(std::size_t rows, std::size_t columns,
                                          std::vector<double> values) {
  return {rows, columns, std::move(values)};
}

inline analysis::RunData make_fixture_run() {
  using analysis::MinerRecord;
  analysis::RunData run;
  run.provenance.run_directory = "out/fixture";
  run.provenance.results_sha256 = std::string(64, 'a');
  run.provenance.schema_version = 1;
  run.provenance.lmsim_version = "0.1.0";
  run.provenance.scenario_path = "scenarios/fixture.toml";
  run.provenance.scenario_text = "[sim]\nseed = 3\n";
  run.provenance.seed = 3;
  run.provenance.scoring_rule = "hummingbot";
  run.provenance.source = "synthetic";
  run.provenance.start = -60 * kSecond;
  run.provenance.end = 300 * kSecond;
  run.provenance.dt = kSecond;
  run.pair = "ETH-USDT";
  run.campaign.name = "fixture";
  run.campaign.reward_token = "TKN";
  run.campaign.reward_decimals = 2;
  run.campaign.epoch_start = 0;
  run.campaign.epoch_length = 4 * engine::kNanosPerMinute;
  run.campaign.epochs = 1;
  run.campaign.snapshot_interval = engine::kNanosPerMinute;
  run.reward_token_price = 2.0;
  run.markout_horizon = 60 * kSecond;

  const auto miner = [](const char* name, const char* entity, const char* strategy,
                        std::int64_t reward, double weight_bid, double weight_ask, double pnl,
                        double base, double quote) {
    MinerRecord record;
    record.name = name;
    record.entity = entity;
    record.strategy = strategy;
    record.group = entity;
    record.reward_base_units = reward;
    record.weight_bid = weight_bid;
    record.weight_ask = weight_ask;
    record.pnl = pnl;
    record.start_base = base;
    record.start_quote = quote;
    return record;
  };
  run.miners = {miner("a1", "E", "pure_market_making", 300, 1.5, 1.5, 5.0, 1.0, 100.0),
                miner("a2", "E", "pure_market_making", 100, 0.5, 0.0, -1.0, 1.0, 100.0),
                miner("b", "b", "avellaneda_stoikov", 600, 2.5, 4.0, 2.0, 2.0, 0.0)};
  // What each account offered takers on average over the campaign's market samples (touch size
  // and reference-order fills, both sides, base asset): here what the snapshots below saw.
  const double touch[] = {0.75, 0.25, 1.5};
  const double fill[] = {0.625, 0.125, 1.0};
  for (std::size_t i = 0; i < run.miners.size(); ++i) {
    run.miners[i].size_at_touch_average = touch[i];
    run.miners[i].reference_fill_average = fill[i];
  }

  run.snapshots.time = {30 * kSecond, 90 * kSecond, 150 * kSecond, 210 * kSecond};
  run.snapshots.mid = {100.0, 100.0, kNaN, 110.0};
  run.snapshots.allocated_bid = {250, 150, 0, 150};
  run.snapshots.allocated_ask = {250, 150, 0, 150};
  run.snapshots.rolled_over_bid = {0, 0, 100, 0};
  run.snapshots.rolled_over_ask = {0, 0, 100, 0};

  analysis::SnapshotMinerData& m = run.snapshot_miner;
  m.reward = {4, 3, {100, 0, 300, 100, 0, 200, 0, 0, 0, 100, 100, 100}};
  m.weight_bid = matrix_of(4, 3, {0.5, 0, 1.5, 0, 0, 1, 0, 0, 0, 1, 0.5, 0});
  m.weight_ask = matrix_of(4, 3, {1, 0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 4});
  m.eligible_amount_bid = matrix_of(4, 3, {1, 0, 2, 0, 0, 2, 0, 0, 0, 1, 1, 0});
  m.eligible_amount_ask = matrix_of(4, 3, {1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4});
  m.best_spread_bid = matrix_of(
      4, 3, {0.002, kNaN, 0.004, kNaN, kNaN, 0.006, kNaN, kNaN, kNaN, 0.003, 0.001, kNaN});
  m.best_spread_ask =
      matrix_of(4, 3, {0.001, kNaN, kNaN, 0.003, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, 0.005});
  m.inventory = matrix_of(4, 3, {1, 1, 2, 1, 1, 3, 1, 1, 3, 2, 1, 2});
  // What each account offered takers at the snapshots (touch size and reference-order fills).
  m.size_at_touch_bid = matrix_of(4, 3, {1, 0, 2, 0, 0, 0, 0, 0, 0, 1, 1, 0});
  m.size_at_touch_ask = matrix_of(4, 3, {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4});
  m.reference_fill_bid = matrix_of(4, 3, {0.5, 0, 1, 0, 0, 1, 0, 0, 0, 0.5, 0.5, 0});
  m.reference_fill_ask = matrix_of(4, 3, {0.5, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2});

  // f0 a1 buys 1 @ 99 at 0 s; f1 b sells 2 @ 101 at 30 s; f2 a2 buys 1 @ 100 at 100 s (mid
  // undefined one horizon later); f3 b buys 1 @ 105 at 130 s; f4 a1 sells 1 @ 100 at 200 s (its
  // horizon ends after the last market sample).
  run.fills.time = {0, 30 * kSecond, 100 * kSecond, 130 * kSecond, 200 * kSecond};
  run.fills.miner = {0, 2, 1, 2, 0};
  run.fills.side = {0, 1, 0, 0, 1};
  run.fills.price = {99.0, 101.0, 100.0, 105.0, 100.0};
  run.fills.amount = {1.0, 2.0, 1.0, 1.0, 1.0};
  run.fills.maker = {1, 1, 1, 0, 1};
  // f2's taker was a1, of a2's own entity (a wash trade); f4's was b.
  run.fills.counterparty = {-1, -1, 0, -1, 2};

  analysis::MarketSeries& market = run.market;
  market.time = {-60 * kSecond, 0, 60 * kSecond, 120 * kSecond, 180 * kSecond, 240 * kSecond};
  market.mid = {100.0, 100.0, 100.0, kNaN, 110.0, 110.0};
  // Spreads 2000 bp (outside the window), 10, 20, undefined, 20, 20 bp.
  market.best_bid = {90.0, 99.95, 99.9, 99.0, 109.89, 109.89};
  market.best_ask = {110.0, 100.05, 100.1, kNaN, 110.11, 110.11};
  // Two-sided depth within ±1%: 100 (outside), 10, 12, (no mid), 12, 12; the ±0.5% band has 2
  // less and the ±2% band 2 more.
  market.depth_bid[1] = {50, 5, 5, 0, 6, 6};
  market.depth_ask[1] = {50, 5, 7, 0, 6, 6};
  for (std::size_t i = 0; i < market.time.size(); ++i) {
    market.depth_bid[0].push_back(market.depth_bid[1][i] - 1);
    market.depth_ask[0].push_back(market.depth_ask[1][i] - 1);
    market.depth_bid[2].push_back(market.depth_bid[1][i] + 1);
    market.depth_ask[2].push_back(market.depth_ask[1][i] + 1);
  }
  market.reference_sizes = {1.0};
  market.slippage_buy = matrix_of(6, 1, {0.1, 0.001, kNaN, kNaN, 0.002, 0.002});
  market.slippage_sell = matrix_of(6, 1, {0.1, 0.0005, 0.0005, kNaN, 0.0005, 0.0005});

  analysis::MarketSeries baseline;
  baseline.time = market.time;
  baseline.mid = {100.0, 100.0, 100.0, 100.0, 110.0, 110.0};
  for (const double mid : baseline.mid) {
    baseline.best_bid.push_back(mid * (1 - 0.0015));
    baseline.best_ask.push_back(mid * (1 + 0.0015));
  }
  for (std::size_t band = 0; band < 3; ++band) {
    baseline.depth_bid[band].assign(6, 2.0 + static_cast<double>(band));
    baseline.depth_ask[band].assign(6, 2.0 + static_cast<double>(band));
  }
  baseline.reference_sizes = {1.0};
  baseline.slippage_buy = matrix_of(6, 1, std::vector<double>(6, 0.003));
  baseline.slippage_sell = matrix_of(6, 1, std::vector<double>(6, 0.001));
  run.baseline = baseline;

  run.epochs = {{0, 0, 1200, 1000, 200}};
  run.scenario = {{"sim.seed", "3"}};
  run.honest = {"pure_market_making"};
  return run;
}

/// A further rule, "uniform", that paid the fixture's three accounts 400 base units each.
inline analysis::RuleResults uniform_rule_paying_400_each() {
  analysis::RuleResults uniform;
  uniform.name = "uniform";
  uniform.rule = "uniform";
  for (const std::int64_t reward : {400, 400, 400}) {
    analysis::RuleMinerRecord record;
    record.reward_base_units = reward;
    uniform.miners.push_back(record);
  }
  return uniform;
}

}  // namespace lmsim::analysis::test
