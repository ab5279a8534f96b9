#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "analysis/run_metrics.hpp"
#include "run_fixture.hpp"

using namespace lmsim::analysis;
using lmsim::analysis::test::kNaN;
using lmsim::analysis::test::kSecond;
using lmsim::analysis::test::make_fixture_run;

namespace {

const ParticipantMetrics& find(const std::vector<ParticipantMetrics>& all,
                               const std::string& name) {
  for (const ParticipantMetrics& participant : all) {
    if (participant.name == name) return participant;
  }
  FAIL("no participant " << name);
  throw std::logic_error("unreachable");
}

// The campaign window is 4 minutes: 365.25 days / 4 min = 131,490 periods a year.
constexpr double kPeriodsPerYear = 365.25 * 24 * 60 / 4;

}  // namespace

TEST_CASE("campaign_window: the campaign's epochs clipped to the simulated window",
          "[run_metrics]") {
  RunData run = make_fixture_run();
  TimeWindow window = campaign_window(run);
  CHECK(window.start == 0);
  CHECK(window.end == 240 * kSecond);
  CHECK(window.days() == Approx(240.0 / 86400.0));
  run.provenance.end = 200 * kSecond;  // a run that stopped before the campaign's end
  window = campaign_window(run);
  CHECK(window.end == 200 * kSecond);
}

TEST_CASE("entity_participants: accounts grouped by entity, in name order", "[run_metrics]") {
  const RunData run = make_fixture_run();
  const std::vector<Participant> entities = entity_participants(run);
  REQUIRE(entities.size() == 2);
  CHECK(entities[0].name == "E");
  CHECK(entities[0].accounts == std::vector<std::size_t>{0, 1});
  CHECK(entities[1].name == "b");
  CHECK(entities[1].accounts == std::vector<std::size_t>{2});
  CHECK(miner_participants(run).size() == 3);
}

TEST_CASE("run_fill_markouts: one horizon later, unmarked without a mid or past the end",
          "[run_metrics]") {
  const std::vector<double> markouts = run_fill_markouts(make_fixture_run());
  REQUIRE(markouts.size() == 5);
  CHECK(markouts[0] == Approx(1.0));  // bought @ 99, mid 100 at 60 s
  CHECK(markouts[1] == Approx(2.0));  // sold 2 @ 101, mid 100 at 90 s: (100 − 101) × −2
  CHECK(std::isnan(markouts[2]));     // mid undefined at 160 s
  CHECK(markouts[3] == Approx(5.0));  // bought @ 105, mid 110 at 190 s
  CHECK(std::isnan(markouts[4]));     // 260 s is past the last sample (240 s)
}

TEST_CASE("run_fill_markouts: the simulator's mark-out mids when recorded, not the series",
          "[run_metrics]") {
  RunData run = make_fixture_run();
  // Mids the coarse series could not give (it holds 100 at 60 s and 90 s, say).
  run.fills.markout_mid = {100.5, 99.0, 101.0, kNaN, 102.0};
  const std::vector<double> markouts = run_fill_markouts(run);
  REQUIRE(markouts.size() == 5);
  CHECK(markouts[0] == 1.5);       // bought 1 @ 99, mid 100.5
  CHECK(markouts[1] == 4.0);       // sold 2 @ 101, mid 99: (99 − 101) × −2
  CHECK(markouts[2] == 1.0);       // bought 1 @ 100, mid 101: recorded though /market has none
  CHECK(std::isnan(markouts[3]));  // unmarked by the simulator
  CHECK(markouts[4] == -2.0);      // sold 1 @ 100, mid 102: the run went on past the series
  // A column of another length (a damaged or hand-made run) is not trusted: the series is.
  run.fills.markout_mid.pop_back();
  CHECK(std::isnan(run_fill_markouts(run)[4]));
}

TEST_CASE("compute_run_metrics: per-entity figures computed by hand", "[run_metrics]") {
  const RunMetrics metrics = compute_run_metrics(make_fixture_run());
  CHECK(metrics.snapshots == 4);
  CHECK(metrics.total_reward == Approx(10.0));
  REQUIRE(metrics.entities.size() == 2);

  const ParticipantMetrics& e = find(metrics.entities, "E");
  CHECK(e.accounts == 2);
  CHECK(e.strategy == "pure_market_making");
  CHECK(e.reward == Approx(4.0));  // 300 + 100 base units of 0.01
  CHECK(e.reward_share == Approx(0.4));
  CHECK(e.uptime_bid == Approx(0.5));               // snapshots 0 and 3
  CHECK(e.uptime_ask == Approx(0.5));               // snapshots 0 and 1
  CHECK(e.mean_eligible_bid == Approx(0.75));       // (1 + 0 + 0 + 2) / 4
  CHECK(e.mean_eligible_ask == Approx(0.5));        // (1 + 1) / 4
  CHECK(e.mean_best_spread_bid == Approx(0.0015));  // (0.002 + min(0.003, 0.001)) / 2
  CHECK(e.mean_best_spread_ask == Approx(0.002));   // (0.001 + 0.003) / 2
  CHECK(e.contribution == Approx(3.5));
  CHECK(e.contribution_share == Approx(0.35));
  CHECK(e.reward_to_contribution == Approx(0.4 / 0.35));
  // Inventory values 2 × 100, 2 × 100, (no mid), 3 × 110: σ of {200, 200, 330}.
  CHECK(e.inventory_risk == Approx(std::sqrt(101400.0 / 27.0)));
  CHECK(e.trading_pnl == Approx(4.0));
  CHECK(e.net_pnl == Approx(4.0 + 4.0 * 2.0));
  CHECK(e.fills == 3);
  CHECK(e.markout.marked == 1);
  CHECK(e.markout.unmarked == 2);
  CHECK(e.markout.total == Approx(1.0));
  CHECK(e.markout.per_unit == Approx(1.0));
  CHECK(e.committed_capital == Approx(400.0));  // 2 × (1 × 100 + 100), first mid 100
  CHECK(e.reward_yield == Approx(8.0 / 400.0 * kPeriodsPerYear));

  const ParticipantMetrics& b = find(metrics.entities, "b");
  CHECK(b.strategy == "avellaneda_stoikov");
  CHECK(b.reward_share == Approx(0.6));
  CHECK(b.uptime_bid == Approx(0.5));
  CHECK(b.uptime_ask == Approx(0.25));
  CHECK(b.mean_eligible_bid == Approx(1.0));
  CHECK(b.mean_eligible_ask == Approx(1.0));
  CHECK(b.mean_best_spread_bid == Approx(0.005));
  CHECK(b.mean_best_spread_ask == Approx(0.005));
  CHECK(b.contribution_share == Approx(0.65));
  CHECK(b.inventory_risk == Approx(std::sqrt(5600.0 / 3.0)));  // σ of {200, 300, 220}
  CHECK(b.markout.total == Approx(7.0));
  CHECK(b.markout.per_unit == Approx(7.0 / 3.0));
  CHECK(b.committed_capital == Approx(200.0));
  CHECK(b.reward_yield == Approx(12.0 / 200.0 * kPeriodsPerYear));
}

TEST_CASE("compute_run_metrics: per-account figures and undefined spreads", "[run_metrics]") {
  const RunMetrics metrics = compute_run_metrics(make_fixture_run());
  REQUIRE(metrics.miners.size() == 3);
  const ParticipantMetrics& a2 = find(metrics.miners, "a2");
  CHECK(a2.accounts == 1);
  CHECK(a2.reward_share == Approx(0.1));
  CHECK(a2.contribution_share == Approx(0.05));
  CHECK(a2.reward_to_contribution == Approx(2.0));
  CHECK(a2.uptime_bid == Approx(0.25));
  CHECK(a2.uptime_ask == 0.0);
  CHECK(a2.mean_best_spread_bid == Approx(0.001));
  CHECK(std::isnan(a2.mean_best_spread_ask));  // never eligible on the ask
  const ParticipantMetrics& a1 = find(metrics.miners, "a1");
  CHECK(a1.reward_to_contribution == Approx(1.0));
  CHECK(a1.fills == 2);
  CHECK(a1.markout.unmarked == 1);
}

TEST_CASE("compute_run_metrics: fairness across entities and accounts", "[run_metrics]") {
  const RunMetrics metrics = compute_run_metrics(make_fixture_run());
  const FairnessMetrics& entities = metrics.entity_fairness;
  CHECK(entities.population == 2);
  CHECK(entities.gini == Approx(0.1));  // (|4 − 6| + |6 − 4|) / (2 · 4 · 5)
  CHECK(entities.herfindahl == Approx(0.52));
  CHECK(entities.herfindahl_normalised == Approx(0.04));
  CHECK(entities.top1_share == Approx(0.6));
  CHECK(entities.top10pct_count == 1);
  CHECK(entities.top10pct_share == Approx(0.6));
  const double r1 = 0.4 / 0.35;
  const double r2 = 0.6 / 0.65;
  CHECK(entities.jain_ratio == Approx((r1 + r2) * (r1 + r2) / (2 * (r1 * r1 + r2 * r2))));
  CHECK(entities.jain_population == 2);
  CHECK(entities.spearman_reward_contribution == Approx(1.0));
  REQUIRE(entities.lorenz.size() == 3);
  CHECK(entities.lorenz[1].value_share == Approx(0.4));

  const FairnessMetrics& accounts = metrics.account_fairness;
  CHECK(accounts.population == 3);
  // Rewards {3, 1, 6}: Σ|xi − xj| = 2 · (2 + 3 + 5) = 20; 20 / (2 · 9 · 10/3) = 1/3.
  CHECK(accounts.gini == Approx(1.0 / 3.0));
  // Rewards {3, 1, 6} against contributions {3, 0.5, 6.5}: the same order, ρ = 1.
  CHECK(accounts.spearman_reward_contribution == Approx(1.0));
}

TEST_CASE("compute_run_metrics: liquidity with and without the campaign over its window",
          "[run_metrics]") {
  const LiquidityMetrics liquidity = compute_run_metrics(make_fixture_run()).liquidity;
  REQUIRE(liquidity.has_baseline);
  // The sample at −60 s is before the window; the one at 120 s has no mid.
  CHECK(liquidity.with.spread_bps.mean == Approx((10.0 + 20.0 + 20.0) / 3.0));
  CHECK(liquidity.with.spread_bps.coverage == Approx(0.75));
  CHECK(liquidity.with.depth[1].mean == Approx((10.0 + 12.0 + 12.0) / 3.0));
  CHECK(liquidity.with.depth[1].coverage == Approx(0.75));
  CHECK(liquidity.with.depth[0].mean == Approx((8.0 + 10.0 + 10.0) / 3.0));
  CHECK(liquidity.with.depth[2].mean == Approx((12.0 + 14.0 + 14.0) / 3.0));
  REQUIRE(liquidity.with.slippage_buy_bps.size() == 1);
  CHECK(liquidity.with.slippage_buy_bps[0].mean == Approx(15.0));  // 10 bp and 20 bp
  CHECK(liquidity.with.slippage_buy_bps[0].coverage == Approx(0.5));
  CHECK(liquidity.with.slippage_sell_bps[0].mean == Approx(5.0));
  CHECK(liquidity.with.mid.mean == Approx((100.0 + 100.0 + 110.0) / 3.0));

  CHECK(liquidity.without.spread_bps.mean == Approx(30.0));
  CHECK(liquidity.without.spread_bps.coverage == Approx(1.0));
  CHECK(liquidity.without.depth[0].mean == Approx(4.0));
  CHECK(liquidity.without.depth[1].mean == Approx(6.0));
  CHECK(liquidity.without.depth[2].mean == Approx(8.0));
  CHECK(liquidity.without.slippage_buy_bps[0].mean == Approx(30.0));
  CHECK(liquidity.without.slippage_sell_bps[0].mean == Approx(10.0));
}

TEST_CASE("compute_run_metrics: the sponsor's budget and costs", "[run_metrics]") {
  const SponsorEconomics sponsor = compute_run_metrics(make_fixture_run()).sponsor;
  CHECK(sponsor.budget == Approx(12.0));
  CHECK(sponsor.spent == Approx(10.0));
  CHECK(sponsor.unallocated == Approx(2.0));
  CHECK(sponsor.days == Approx(1.0 / 360.0));
  CHECK(sponsor.spent_per_day == Approx(3600.0));
  CHECK(sponsor.spent_value_per_day == Approx(7200.0));
  for (std::size_t band = 0; band < 3; ++band) {
    CHECK(sponsor.added_depth[band] == Approx(16.0 / 3.0));
    CHECK(sponsor.cost_per_added_depth[band] == Approx(675.0));  // 3600 / (16/3)
  }
  CHECK(sponsor.spread_reduction_bps == Approx(40.0 / 3.0));
  CHECK(sponsor.cost_per_spread_bp == Approx(270.0));
  CHECK(sponsor.slippage_reduction_buy_bps[0] == Approx(15.0));
  CHECK(sponsor.cost_per_slippage_bp_buy[0] == Approx(240.0));
  CHECK(sponsor.slippage_reduction_sell_bps[0] == Approx(5.0));
  CHECK(sponsor.cost_per_slippage_bp_sell[0] == Approx(720.0));
}

TEST_CASE("compute_run_metrics: no baseline and no token price leave figures undefined",
          "[run_metrics]") {
  RunData run = make_fixture_run();
  run.baseline.reset();
  run.reward_token_price.reset();
  const RunMetrics metrics = compute_run_metrics(run);
  CHECK_FALSE(metrics.liquidity.has_baseline);
  CHECK(std::isnan(metrics.liquidity.without.spread_bps.mean));
  CHECK(metrics.liquidity.without.spread_bps.coverage == 0.0);
  REQUIRE(metrics.liquidity.without.slippage_buy_bps.size() == 1);
  CHECK(std::isnan(metrics.sponsor.cost_per_added_depth[1]));
  CHECK(std::isnan(metrics.sponsor.cost_per_spread_bp));
  CHECK(std::isnan(metrics.sponsor.cost_per_slippage_bp_buy[0]));
  CHECK(std::isnan(metrics.sponsor.spent_value_per_day));
  CHECK(metrics.sponsor.spent_per_day == Approx(3600.0));  // tokens need no price
  const ParticipantMetrics& e = find(metrics.entities, "E");
  CHECK(std::isnan(e.net_pnl));
  CHECK(std::isnan(e.reward_yield));
  CHECK(e.trading_pnl == Approx(4.0));
}

TEST_CASE("compute_run_metrics: a wider spread with the campaign has no cost per bp",
          "[run_metrics]") {
  RunData run = make_fixture_run();
  for (double& ask : run.baseline->best_ask) ask = ask - 0.1;  // baseline narrower than ever
  for (std::size_t i = 0; i < run.baseline->mid.size(); ++i) {
    run.baseline->best_bid[i] = run.baseline->best_ask[i] - 0.01;
  }
  const SponsorEconomics sponsor = compute_run_metrics(run).sponsor;
  CHECK(sponsor.spread_reduction_bps < 0.0);
  CHECK(std::isnan(sponsor.cost_per_spread_bp));
}

TEST_CASE("compute_run_metrics: a run nobody was paid in has undefined shares", "[run_metrics]") {
  RunData run = make_fixture_run();
  for (MinerRecord& miner : run.miners) {
    miner.reward_base_units = 0;
    miner.weight_bid = miner.weight_ask = 0.0;
  }
  const RunMetrics metrics = compute_run_metrics(run);
  CHECK(metrics.total_reward == 0.0);
  CHECK(std::isnan(metrics.entities[0].reward_share));
  CHECK(std::isnan(metrics.entities[0].reward_to_contribution));
  CHECK(metrics.entity_fairness.gini == 0.0);             // all zero: an equal split
  CHECK(std::isnan(metrics.entity_fairness.jain_ratio));  // no defined ratio
  CHECK(metrics.entity_fairness.jain_population == 0);
}

TEST_CASE("participant_metrics: requires one mark-out per fill", "[run_metrics]") {
  const RunData run = make_fixture_run();
  CHECK_THROWS_AS(participant_metrics(run, miner_participants(run)[0], std::vector<double>{}),
                  std::invalid_argument);
}

TEST_CASE("tokens: base units scaled by the reward decimals", "[run_metrics]") {
  CHECK(tokens(123456, 6) == Approx(0.123456));
  CHECK(tokens(5, 0) == 5.0);
  CHECK(tokens(1'000'000'000'000'000'000, 18) == Approx(1.0));
}
