#include <catch2/catch.hpp>

#include "analysis/liquidity.hpp"
#include "sim/core/simulation.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"

using namespace lmsim;
using namespace lmsim::sim;
using namespace lmsim::sim::io;

namespace {

/// Collects what a run observed, to compare runs.
class Collector final : public RunObserver {
 public:
  void on_snapshot(const SnapshotObservation& snapshot) override {
    times.push_back(snapshot.time);
    for (const auto& miner : snapshot.award->miners)
      rewards.push_back(miner.reward[0] + miner.reward[1]);
    pools.push_back(snapshot.award->sides[0].pool + snapshot.award->sides[1].pool);
  }
  void on_sample(const MarketSample& sample) override { mids.push_back(sample.mid); }
  void on_miner_fill(const MinerFillRecord& fill) override { fills.push_back(fill.amount); }
  void on_fill_markout(const FillMarkoutRecord&) override {}
  void on_baseline_sample(const MarketSample&) override {}
  void on_progress(double) override {}

  std::vector<Nanos> times;
  std::vector<engine::BaseUnits> rewards;
  std::vector<engine::BaseUnits> pools;
  std::vector<double> mids;
  std::vector<double> fills;
};

Scenario scenario(const std::string& name, const std::vector<std::string>& overrides = {}) {
  return load_scenario(test::source_path("scenarios/" + name + ".toml"), overrides);
}

bool same(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  }
  return true;
}

/// Recomputes every sample's reference slippage from the book's levels with the analysis
/// library's market-order walk, one size at a time.
class SlippageChecker final : public RunObserver {
 public:
  SlippageChecker(const Simulation& simulation, std::vector<double> sizes)
      : simulation_(simulation), sizes_(std::move(sizes)) {}

  void on_sample(const MarketSample& sample) override {
    if (std::isnan(sample.mid)) return;
    ++samples;
    for (const Side taker : {Side::kBid, Side::kAsk}) {
      const Side book_side = taker == Side::kBid ? Side::kAsk : Side::kBid;
      std::vector<analysis::PriceLevel> levels;
      const MarketSpec& spec = simulation_.venue().spec();
      simulation_.venue().book().walk_levels(book_side, [&](Ticks price, Lots quantity) {
        levels.push_back({spec.price(price), spec.amount(quantity)});
        return true;
      });
      const auto recorded = taker == Side::kBid ? sample.slippage_buy : sample.slippage_sell;
      for (std::size_t i = 0; i < sizes_.size(); ++i) {
        const double expected =
            analysis::market_order_slippage(levels, sample.mid, sizes_[i]).slippage;
        if (std::isnan(expected)) {
          unfilled += std::isnan(recorded[i]) ? 1 : 0;
          mismatches += std::isnan(recorded[i]) ? 0 : 1;
        } else {
          filled += 1;
          mismatches += recorded[i] == Approx(expected).epsilon(1e-9).margin(1e-15) ? 0 : 1;
        }
      }
    }
  }

  void on_snapshot(const SnapshotObservation&) override {}
  void on_miner_fill(const MinerFillRecord&) override {}
  void on_fill_markout(const FillMarkoutRecord&) override {}
  void on_baseline_sample(const MarketSample&) override {}
  void on_progress(double) override {}

  int samples = 0;
  int filled = 0;
  int unfilled = 0;
  int mismatches = 0;

 private:
  const Simulation& simulation_;
  std::vector<double> sizes_;
};

}  // namespace

TEST_CASE("Simulation: sampled slippage is the market-order walk of the book, for every size",
          "[simulation]") {
  // Sizes out of order, repeated, and from a few lots to more than the book holds, so that the
  // walk takes levels, whole blocks and gives up.
  const std::vector<double> sizes = {40.0, 0.5, 3.0, 3.0, 250.0, 12.0, 100000.0};
  const Scenario run =
      scenario("quickstart", {"analysis.reference_order_sizes=[40.0, 0.5, 3.0, 3.0, 250.0, 12.0, "
                              "100000.0]"});
  Simulation simulation(run);
  SlippageChecker checker(simulation, sizes);
  simulation.run(checker);
  CHECK(checker.samples > 500);
  CHECK(checker.filled > 5 * checker.samples);
  CHECK(checker.unfilled >= 2 * checker.samples);
  CHECK(checker.mismatches == 0);
}

TEST_CASE("Simulation: the same scenario and seed give the same run; another seed does not",
          "[simulation]") {
  const Scenario first = scenario("quickstart");
  Collector a;
  Collector b;
  Simulation(first).run(a);
  Simulation(first).run(b);
  CHECK(a.times == b.times);
  CHECK(a.rewards == b.rewards);
  CHECK(same(a.mids, b.mids));
  CHECK(same(a.fills, b.fills));
  Collector c;
  Simulation(scenario("quickstart", {"sim.seed=8"})).run(c);
  CHECK(a.times != c.times);
}

TEST_CASE("Simulation: one snapshot per slot at an instant inside it", "[simulation]") {
  const Scenario run = scenario("quickstart");
  Collector collector;
  Simulation(run).run(collector);
  REQUIRE(collector.times.size() == static_cast<std::size_t>(run.campaign.total_slots()));
  for (std::size_t slot = 0; slot < collector.times.size(); ++slot) {
    CHECK(run.campaign.slot_at(collector.times[slot]) == static_cast<std::int64_t>(slot));
  }
}

TEST_CASE(
    "Simulation: fixed-offset snapshots fall at the same place in every slot; random ones "
    "are as before",
    "[simulation]") {
  const Scenario run = scenario("quickstart");
  Collector by_default;
  Simulation(run).run(by_default);
  Collector random;
  Simulation(scenario("quickstart", {"campaign.snapshot_timing=\"random\""})).run(random);
  CHECK(random.times == by_default.times);
  CHECK(random.rewards == by_default.rewards);
  for (const auto& [offset, overrides] : std::vector<std::pair<Nanos, std::vector<std::string>>>{
           {30 * engine::kNanosPerSecond, {"campaign.snapshot_timing=\"fixed_offset\""}},
           {engine::kNanosPerSecond * 45 / 2,
            {"campaign.snapshot_timing=\"fixed_offset\"", "campaign.snapshot_offset=\"22.5s\""}},
           {0, {"campaign.snapshot_timing=\"fixed_offset\"", "campaign.snapshot_offset=\"0s\""}}}) {
    CAPTURE(offset);
    Collector fixed;
    Simulation(scenario("quickstart", overrides)).run(fixed);
    REQUIRE(fixed.times.size() == static_cast<std::size_t>(run.campaign.total_slots()));
    for (std::size_t slot = 0; slot < fixed.times.size(); ++slot) {
      CHECK(fixed.times[slot] == run.campaign.slot_start(static_cast<std::int64_t>(slot)) + offset);
    }
  }
}

TEST_CASE("Simulation: money is conserved and accounts balance", "[simulation]") {
  const std::vector<std::pair<std::string, std::string>> cases{{"quickstart", "2h2m"},
                                                               {"fair_weather", "2h"}};
  for (const auto& [name, duration] : cases) {
    CAPTURE(name);
    const Scenario run = scenario(name, {"sim.duration=\"" + duration + "\"",
                                         "campaign.epoch_length=\"1h\"", "campaign.epochs=2"});
    Simulation simulation(run);
    Collector collector;
    simulation.run(collector);
    engine::BaseUnits paid = 0;
    for (const auto reward : collector.rewards) paid += reward;
    engine::BaseUnits allocated = 0;
    for (int epoch = 0; epoch < run.campaign.epochs; ++epoch) {
      const auto& totals = simulation.ledger().epoch_totals(run.campaign_market, epoch);
      CHECK(totals.closed);
      CHECK(totals.allocated + totals.unallocated == totals.budget);
      allocated += totals.allocated;
    }
    CHECK(paid == allocated);
    Lots base = 0;
    std::int64_t cash = 0;
    for (std::size_t account = 0; account < simulation.venue().account_count(); ++account) {
      base += simulation.venue().account(static_cast<OwnerId>(account)).base;
      cash += simulation.venue().account(static_cast<OwnerId>(account)).cash;
    }
    Lots initial_base = 0;
    std::int64_t initial_cash = 0;
    for (const MinerInfo& miner : simulation.miners()) {
      initial_base += miner.initial_base;
      initial_cash += miner.initial_cash;
    }
    CHECK(base == initial_base);
    CHECK(cash == initial_cash);
  }
}

TEST_CASE("Simulation: miners waking on quote changes behave exactly as miners ticking every step",
          "[simulation]") {
  // fair_weather exercises storms and tolerance-free refreshes; the week adds latency, outages,
  // inventory skew and a refresh tolerance.
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
      {"quickstart", {}},
      {"fair_weather",
       {"sim.duration=\"6h\"", "campaign.epoch_length=\"6h\"", "campaign.epochs=1"}},
      {"week_campaign", {"sim.duration=\"4h\"", "campaign.epoch_length=\"4h\""}},
      // Economic miners: reviews, leaving, returning, size scales and learnt spreads.
      {"budget_response",
       {"sim.duration=\"3h10m\"", "campaign.epoch_length=\"3h\"", "miner_populations[0].count=30",
        "miner_populations[0].economics.size_policy=\"yield_scaled\"",
        "miner_populations[0].economics.spread_policy=\"best_response\"",
        "miner_populations[0].economics.review_every=\"20m\""}},
      // Hummingbot's options, each release's rules: hanging orders kept and renewed, kept
      // orders, the 2020 timer and in-place refresh, order optimization, minimum spread,
      // ping-pong and the other reference prices.
      {"quickstart",
       {"sim.duration=\"62m\"", "campaign.epoch_length=\"60m\"",
        "miners[0].hanging_orders_enabled=true", "miners[0].order_refresh_tolerance_pct=0.5",
        "miners[0].max_order_age=\"90s\"", "miners[1].hummingbot_version=\"2020\"",
        "miners[1].hanging_orders_enabled=true", "miners[1].order_refresh_tolerance_pct=1",
        "miners[1].max_order_age=\"40s\"", "miners[2].order_optimization_enabled=true",
        "miners[2].minimum_spread=0.1", "miners[2].price_type=\"last_price\"",
        "miners[2].ping_pong_enabled=true", "miners[4].price_type=\"best_bid\"",
        "miners[4].minimum_spread=0.05", "miners[4].inventory_skew_enabled=true",
        "miners[4].order_refresh_tolerance_pct=0.2"}},
      // Presence drawn per snapshot interval, sizes in quote currency.
      {"quickstart",
       {"sim.duration=\"62m\"", "campaign.epoch_length=\"60m\"",
        "miners[0].participation_probability=0.5", "miners[1].participation_probability=0.8",
        "miners[2].order_notional=1000", "miners[3].participation_probability=0.3"}},
      // The adversaries: timers (the gamer's windows, the flicker's lifetimes), orders pulled
      // when the top moves, a Sybil's accounts; with fixed and random snapshots, and latency.
      {"gaming_study", {"sim.duration=\"22m\"", "campaign.epoch_length=\"20m\""}},
      {"gaming_study",
       {"sim.duration=\"12m\"", "campaign.epoch_length=\"10m\"",
        "campaign.snapshot_timing=\"fixed_offset\"",
        "miners[2].latency={model=\"constant\", submission=\"2s\", cancellation=\"1s\"}",
        "miners[3].latency={model=\"constant\", submission=\"1s\", cancellation=\"1s\"}",
        "miners[3].order_lifetime=\"3s\"", "miners[5].side=\"sell\""}},
  };
  for (const auto& [name, overrides] : cases) {
    CAPTURE(name);
    auto every_step = overrides;
    every_step.push_back("sim.miner_ticks=\"every_step\"");
    Collector fast;
    Collector reference;
    Simulation fast_run(scenario(name, overrides));
    fast_run.run(fast);
    Simulation reference_run(scenario(name, every_step));
    reference_run.run(reference);
    CHECK(fast.rewards == reference.rewards);
    CHECK(same(fast.mids, reference.mids));
    CHECK(same(fast.fills, reference.fills));
    CHECK(fast_run.statistics().book_events == reference_run.statistics().book_events);
    CHECK(fast_run.statistics().agent_wakes < reference_run.statistics().agent_wakes);
  }
}

TEST_CASE("Simulation: a run without miners still closes the campaign", "[simulation]") {
  Scenario run = scenario("quickstart");
  run.miners.clear();
  Simulation simulation(run);
  Collector collector;
  simulation.run(collector);
  const auto& totals = simulation.ledger().epoch_totals(run.campaign_market, 0);
  CHECK(totals.allocated == 0);
  CHECK(totals.unallocated == totals.budget);
  CHECK_FALSE(collector.mids.empty());
}

TEST_CASE(
    "Simulation: further rules score the same snapshots and fills; the campaign's own "
    "rule pays as it would alone",
    "[simulation]") {
  const std::vector<std::string> overrides{"sim.duration=\"32m\"", "campaign.epoch_length=\"10m\"",
                                           "campaign.epochs=3"};
  std::vector<std::string> with_rules = overrides;
  with_rules.push_back(
      "campaign.also_score=[{rule = \"dydx\", name = \"dip11\", version = \"dip11\", "
      "min_depth = 0.0, max_spread = 25.0}, {rule = \"polymarket\"}, {rule = \"size_only\"}, "
      "{rule = \"uniform\"}]");
  Simulation alone(scenario("quickstart", overrides));
  Collector alone_seen;
  alone.run(alone_seen);
  const Scenario run = scenario("quickstart", with_rules);
  Simulation together(run);
  Collector together_seen;
  together.run(together_seen);
  CHECK(together_seen.rewards == alone_seen.rewards);
  CHECK(together_seen.pools == alone_seen.pools);
  REQUIRE(together.scorers().size() == 5);
  CHECK(together.scorers()[1]->name() == "dip11");
  CHECK(together.scorers()[2]->name() == "polymarket");
  for (const auto& scorer : together.scorers()) {
    CAPTURE(scorer->name());
    engine::BaseUnits allocated = 0;
    for (int epoch = 0; epoch < run.campaign.epochs; ++epoch) {
      const auto& totals = scorer->ledger().epoch_totals(run.campaign_market, epoch);
      CHECK(totals.closed);
      CHECK(totals.allocated + totals.unallocated == totals.budget);
      allocated += totals.allocated;
    }
    engine::BaseUnits paid = 0;
    for (const auto& miner : scorer->ledger().miner_totals(run.campaign_market)) {
      paid += miner.total_reward();
    }
    CHECK(paid == allocated);
    // DIP-11 pays only miners with maker volume: it was paid, so the fills reached it.
    CHECK(allocated > 0);
  }
  // Under DIP-11, a miner that never filled as a maker earns nothing however deep it quoted.
  const auto dip11 = together.scorers()[1]->ledger().miner_totals(run.campaign_market);
  for (std::size_t miner = 0; miner < together.miners().size(); ++miner) {
    if (together.venue().account(together.miners()[miner].account).maker_fills > 0) continue;
    const engine::MinerId id = together.ledger_id(miner);
    CAPTURE(together.miners()[miner].name);
    CHECK((id >= dip11.size() || dip11[id].total_reward() == 0));
  }
}
