#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

#include "sim/app/baseline_markets.hpp"
#include "sim/app/simulate.hpp"
#include "sim/app/sweep.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"

using namespace lmsim;
using namespace lmsim::sim;
using namespace lmsim::sim::app;

namespace {

const std::string kQuickstart = test::source_path("scenarios/quickstart.toml");
const std::vector<std::string> kShort = {"sim.duration=\"6m\"", "campaign.epoch_length=\"4m\""};

Scenario short_quickstart(std::vector<std::string> overrides = {}) {
  overrides.insert(overrides.begin(), kShort.begin(), kShort.end());
  return io::load_scenario(kQuickstart, overrides);
}

// A baseline of `samples` samples whose first mid is `mid`.
BaselineMarkets::Baseline made(std::size_t samples, double mid) {
  BaselineMarkets::Baseline baseline;
  baseline.market.time.assign(samples, 0);
  baseline.market.mid.assign(samples, mid);
  baseline.book_events = samples;
  return baseline;
}

template <typename T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

bool same_market(const analysis::MarketSeries& a, const analysis::MarketSeries& b) {
  bool same =
      same_bits(a.time, b.time) && same_bits(a.mid, b.mid) && same_bits(a.best_bid, b.best_bid) &&
      same_bits(a.best_ask, b.best_ask) &&
      same_bits(a.slippage_buy.values, b.slippage_buy.values) &&
      same_bits(a.slippage_sell.values, b.slippage_sell.values) &&
      same_bits(a.fundamental, b.fundamental) &&
      same_bits(a.realised_volatility, b.realised_volatility) &&
      same_bits(a.traded_volume, b.traded_volume) && same_bits(a.trades.time, b.trades.time) &&
      same_bits(a.trades.price, b.trades.price) && same_bits(a.trades.amount, b.trades.amount) &&
      same_bits(a.trades.aggressor, b.trades.aggressor);
  for (std::size_t band = 0; band < a.depth_bid.size(); ++band) {
    same = same && same_bits(a.depth_bid[band], b.depth_bid[band]) &&
           same_bits(a.depth_ask[band], b.depth_ask[band]);
  }
  return same;
}

}  // namespace

TEST_CASE("BaselineMarkets: a key is simulated once and then served from memory", "[baseline]") {
  BaselineMarkets baselines;
  int calls = 0;
  const auto a = baselines.get("a", [&] { return ++calls, made(10, 1.0); });
  const auto again = baselines.get("a", [&] { return ++calls, made(10, 2.0); });
  const auto b = baselines.get("b", [&] { return ++calls, made(10, 3.0); });
  CHECK(calls == 2);
  CHECK(baselines.simulated() == 2);
  CHECK(again == a);
  CHECK(again->market.mid.front() == 1.0);
  CHECK(b->market.mid.front() == 3.0);
  CHECK(BaselineMarkets::baseline_bytes(*a) == 10 * (sizeof(engine::Nanos) + sizeof(double)));
}

TEST_CASE("BaselineMarkets: runs asking at once wait for the one that simulates", "[baseline]") {
  BaselineMarkets baselines;
  std::atomic<int> calls{0};
  std::vector<std::shared_ptr<const BaselineMarkets::Baseline>> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      seen[t] = baselines.get("same", [&] {
        ++calls;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return made(100, 4.0);
      });
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(calls == 1);
  for (const auto& baseline : seen) CHECK(baseline == seen.front());
}

TEST_CASE("BaselineMarkets: a failure is not kept", "[baseline]") {
  BaselineMarkets baselines;
  CHECK_THROWS_WITH(
      baselines.get("a",
                    []() -> BaselineMarkets::Baseline { throw std::runtime_error("no market"); }),
      "no market");
  CHECK(baselines.simulated() == 0);
  CHECK(baselines.get("a", [] { return made(1, 5.0); })->market.mid.front() == 5.0);
  CHECK(baselines.simulated() == 1);
}

TEST_CASE("BaselineMarkets: beyond its bytes the least recently used goes first", "[baseline]") {
  // Room for two baselines of 100 samples (1,600 bytes each), not three.
  BaselineMarkets baselines(3'500);
  int calls = 0;
  const auto simulate = [&] { return ++calls, made(100, 1.0); };
  baselines.get("a", simulate);
  baselines.get("b", simulate);
  baselines.get("a", simulate);  // a is now the most recently used
  baselines.get("c", simulate);  // evicts b
  CHECK(calls == 3);
  baselines.get("a", simulate);
  CHECK(calls == 3);
  baselines.get("b", simulate);
  CHECK(calls == 4);
  // One larger than the whole allowance is still kept until the next.
  BaselineMarkets tiny(1);
  tiny.get("x", simulate);
  tiny.get("x", simulate);
  CHECK(calls == 5);
}

TEST_CASE("Scenario: the baseline key ignores the campaign and the miners, nothing else",
          "[baseline]") {
  const Scenario scenario = short_quickstart();
  REQUIRE_FALSE(scenario.baseline_key.empty());
  CHECK(short_quickstart({"campaign.markets[0].budget=10"}).baseline_key == scenario.baseline_key);
  CHECK(short_quickstart({"miners[0].bid_spread=0.3", "miners[1].count=1"}).baseline_key ==
        scenario.baseline_key);
  CHECK(short_quickstart({"sim.seed=99"}).baseline_key != scenario.baseline_key);
  CHECK(short_quickstart({"market.initial_price=101"}).baseline_key != scenario.baseline_key);
  CHECK(short_quickstart({"analysis.reference_order_sizes=[2.0]"}).baseline_key !=
        scenario.baseline_key);
}

TEST_CASE("Baseline: the same market whatever the campaign and the miners, so it is shared",
          "[baseline]") {
  // What makes the key sound: simulated apart, two scenarios with equal keys have baselines
  // equal to the bit.
  SimulateOptions apart;
  apart.threads_beside = false;
  apart.market_facts = false;
  const Scenario scenario = short_quickstart();
  const Scenario other =
      short_quickstart({"campaign.markets[0].budget=10", "campaign.snapshot_interval=\"30s\"",
                        "miners[0].bid_spread=0.3", "miners[1].count=1"});
  REQUIRE(other.baseline_key == scenario.baseline_key);
  const SimulatedRun first = simulate(scenario, apart);
  const SimulatedRun second = simulate(other, apart);
  REQUIRE(first.run.baseline);
  REQUIRE(second.run.baseline);
  REQUIRE(first.run.baseline->size() > 100);
  CHECK(same_market(*first.run.baseline, *second.run.baseline));
  CHECK(first.run.baseline_book_events == second.run.baseline_book_events);
  // The runs themselves differ.
  CHECK_FALSE(same_market(first.run.market, second.run.market));

  // Shared, the second run's baseline is the first's, and its metrics are those it has alone.
  SimulateOptions shared = apart;
  BaselineMarkets baselines;
  shared.baselines = &baselines;
  (void)simulate(scenario, shared);
  const SimulatedRun reused = simulate(other, shared);
  CHECK(baselines.simulated() == 1);
  REQUIRE(reused.run.baseline);
  CHECK(same_market(*reused.run.baseline, *second.run.baseline));
  CHECK(reused.metrics.sponsor.added_depth == second.metrics.sponsor.added_depth);
}

TEST_CASE("Sweep: a budget sweep simulates each replicate's baseline once", "[baseline][sweep]") {
  const SweepPlan plan = make_sweep_plan(
      kQuickstart, kShort, {io::parse_grid_argument("campaign.markets[0].budget=10,100,1000")}, 2);
  const std::vector<std::string> names = sweep_metric_names(plan);
  SharedMarkets markets;
  for (std::size_t point = 0; point < plan.points(); ++point) {
    for (int r = 0; r < plan.replicates; ++r) {
      REQUIRE(run_point(plan, plan.point_values(point), r, markets, names).ok);
    }
  }
  CHECK(markets.baselines.simulated() == 2);
}
