#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/run_metrics.hpp"
#include "analysis/step_series.hpp"
#include "sim/app/simulate.hpp"
#include "sim/core/market_sampler.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/results_file.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim;
using namespace lmsim::sim;

namespace {

app::SimulatedRun simulated(const std::vector<std::string>& overrides) {
  const Scenario scenario =
      io::load_scenario(test::source_path("scenarios/quickstart.toml"), overrides);
  return app::simulate(scenario, app::SimulateOptions{});
}

analysis::RunData run(const std::vector<std::string>& overrides) {
  return simulated(overrides).run;
}

bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

/// Every participant's mark-out figures and risk shares are the same in both.
void check_same_markouts(const analysis::RunMetrics& a, const analysis::RunMetrics& b) {
  for (const auto population : {&analysis::RunMetrics::miners, &analysis::RunMetrics::entities}) {
    const auto& left = a.*population;
    const auto& right = b.*population;
    REQUIRE(left.size() == right.size());
    for (std::size_t i = 0; i < left.size(); ++i) {
      CAPTURE(left[i].name);
      CHECK(left[i].markout.total == right[i].markout.total);
      CHECK(same(left[i].markout.per_unit, right[i].markout.per_unit));
      CHECK(left[i].markout.marked == right[i].markout.marked);
      CHECK(left[i].markout.unmarked == right[i].markout.unmarked);
      CHECK(left[i].risk.adverse_selection == right[i].risk.adverse_selection);
    }
  }
}

}  // namespace

TEST_CASE("sample_interval: the market series is recorded on its grid, the market unchanged",
          "[sample_interval]") {
  const analysis::RunData every = run({});
  const analysis::RunData tenth = run({"analysis.sample_interval=\"10s\""});
  // Every tenth one-second sample, the same values: thinning records less, it changes nothing.
  REQUIRE(every.market.time.size() == 720);
  REQUIRE(tenth.market.time.size() == 72);
  REQUIRE(tenth.baseline);
  REQUIRE(tenth.baseline->time.size() == 72);
  const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
  for (std::size_t i = 0; i < tenth.market.time.size(); ++i) {
    const std::size_t j = 10 * i;
    CAPTURE(i);
    CHECK(tenth.market.time[i] == every.market.time[j]);
    CHECK(same(tenth.market.mid[i], every.market.mid[j]));
    CHECK(same(tenth.market.depth_bid[1][i], every.market.depth_bid[1][j]));
    CHECK(tenth.market.realised_volatility[i] == every.market.realised_volatility[j]);
    CHECK(tenth.market.traded_volume[i] == every.market.traded_volume[j]);
  }
  // The run itself — its rewards — is the same.
  for (std::size_t m = 0; m < every.miners.size(); ++m) {
    CHECK(tenth.miners[m].reward_base_units == every.miners[m].reward_base_units);
  }
  CHECK_THROWS_WITH(run({"analysis.sample_interval=\"1500ms\""}),
                    Catch::Contains("analysis.sample_interval: must be a whole multiple of "
                                    "sim.dt (\"1s\") (got \"1s500ms\")"));
}

TEST_CASE("sample_interval: fill mark-outs are exact, the same on any recording grid",
          "[sample_interval][markout]") {
  // Horizons of 5 s: the fills near the end of the 12 minutes are left unmarked.
  const app::SimulatedRun every = simulated({"analysis.markout_horizon=\"5s\""});
  const app::SimulatedRun minute =
      simulated({"analysis.markout_horizon=\"5s\"", "analysis.sample_interval=\"60s\""});
  const analysis::FillSeries& fills = every.run.fills;
  REQUIRE(fills.size() > 0);
  REQUIRE(fills.markout_mid.size() == fills.size());
  REQUIRE(minute.run.market.size() == 12);
  // The mid the run recorded is the per-step series' mid at the last step at or before
  // t + 5 s, and NaN past the last step (11:59).
  const analysis::StepSeries mids(every.run.market.time, every.run.market.mid);
  const engine::Nanos last_step = every.run.market.time.back();
  for (std::size_t i = 0; i < fills.size(); ++i) {
    CAPTURE(i, fills.time[i]);
    const engine::Nanos at = fills.time[i] + 5 * engine::kNanosPerSecond;
    CHECK(same(fills.markout_mid[i], at > last_step ? std::nan("") : mids.value_at(at)));
    CHECK(same(minute.run.fills.markout_mid[i], fills.markout_mid[i]));
  }
  // So are the metrics computed from it, though the minute grid could not have told.
  check_same_markouts(every.metrics, minute.metrics);
}

TEST_CASE("sample_interval: a results file without mark-out mids falls back to the series",
          "[sample_interval][markout]") {
  const app::SimulatedRun run = simulated({});
  REQUIRE(run.run.fills.size() > 0);
  const test::TempDir dir;
  // As a run recorded before /fills/markout_mid existed.
  analysis::RunData old = run.run;
  old.fills.markout_mid.clear();
  io::write_results(dir.file("results.h5"), old, nullptr);
  const analysis::RunData read = io::load_run_data(dir.path().string());
  CHECK(read.fills.markout_mid.empty());
  CHECK(read.fills.size() == run.run.fills.size());
  // Every step recorded: the lookup in /market gives the simulator's figures exactly.
  check_same_markouts(analysis::compute_run_metrics(read, false), run.metrics);
  // A file with the column reads it back.
  const test::TempDir current;
  io::write_results(current.file("results.h5"), run.run, nullptr);
  const analysis::RunData again = io::load_run_data(current.path().string());
  REQUIRE(again.fills.markout_mid.size() == run.run.fills.size());
  for (std::size_t i = 0; i < again.fills.size(); ++i) {
    CHECK(same(again.fills.markout_mid[i], run.run.fills.markout_mid[i]));
  }
}

TEST_CASE("sample_interval: unset, a run longer than a day records at most 86,400 samples",
          "[sample_interval]") {
  const Scenario day =
      io::load_scenario(test::source_path("scenarios/quickstart.toml"), {"sim.duration=\"1d\""});
  CHECK(market_sample_interval(day) == engine::kNanosPerSecond);
  // 604,800 steps need every 7th; 7 s divides no minute, so every 10th.
  const Scenario week = io::load_scenario(test::source_path("scenarios/week_campaign.toml"));
  CHECK(market_sample_interval(week) == 10 * engine::kNanosPerSecond);
  const Scenario explicit_interval = io::load_scenario(
      test::source_path("scenarios/week_campaign.toml"), {"analysis.sample_interval=\"1s\""});
  CHECK(market_sample_interval(explicit_interval) == engine::kNanosPerSecond);
  // Not a multiple of a day: 2 days and 12 hours at 1 s are recorded every 3 s.
  const Scenario odd =
      io::load_scenario(test::source_path("scenarios/quickstart.toml"), {"sim.duration=\"60h\""});
  CHECK(market_sample_interval(odd) == 3 * engine::kNanosPerSecond);
}
