#include <bit>
#include <catch2/catch.hpp>
#include <cstdint>
#include <stdexcept>

#include "sim/app/simulate.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/results_file.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim;
using namespace lmsim::sim;

TEST_CASE("simulate: the baseline market is handed over once complete, where the run keeps it",
          "[simulate]") {
  const Scenario scenario = io::load_scenario(test::source_path("scenarios/quickstart.toml"), {});
  app::SimulateOptions options;
  int calls = 0;
  const double* handed_mid = nullptr;
  const double* handed_prices = nullptr;
  std::size_t handed_samples = 0;
  options.on_baseline = [&](const analysis::MarketSeries& baseline, bool) {
    ++calls;
    handed_mid = baseline.mid.data();
    handed_prices = baseline.trades.price.data();
    handed_samples = baseline.time.size();
  };
  const app::SimulatedRun run = app::simulate(scenario, options);
  CHECK(calls == 1);
  REQUIRE(run.run.baseline);
  const analysis::MarketSeries& baseline = *run.run.baseline;
  REQUIRE(handed_samples > 0);
  CHECK(baseline.time.size() == handed_samples);
  CHECK(baseline.mid.data() == handed_mid);
  REQUIRE_FALSE(baseline.trades.price.empty());
  CHECK(baseline.trades.price.data() == handed_prices);

  // Its chunks compressed then are what the writer would have compressed: the same file.
  const io::PrecompressedChunks chunks = io::precompress_baseline_market(baseline, 2);
  // Every column and matrix of /baseline/market: time, mid, best bid and ask, six depths, two
  // slippage matrices, fundamental, volatility, volume and three of the four trade columns; the
  // aggressors, a byte each, are few enough to be stored compact, unfiltered.
  REQUIRE(baseline.trades.aggressor.size() <= io::kHdf5CompactBytes);
  REQUIRE(baseline.trades.time.size() * sizeof(engine::Nanos) > io::kHdf5CompactBytes);
  CHECK(chunks.size() == 18);
  const test::TempDir dir;
  io::write_results_computing_metrics(
      dir.file("precompressed.h5"), run.run, [&] { return run.metrics; }, &chunks);
  io::write_results(dir.file("plain.h5"), run.run, &run.metrics);
  const std::string plain = test::read_file(dir.file("plain.h5"));
  REQUIRE(plain.size() > 1000);
  CHECK(test::read_file(dir.file("precompressed.h5")) == plain);

  // The market's facts measured on a thread of their own and written once the rest of /metrics
  // is: the same file, and the metrics returned hold them.
  REQUIRE(run.metrics.realism);
  analysis::RunMetrics rest = run.metrics;
  rest.realism.reset();
  const analysis::RunMetrics split = io::write_results_computing_metrics(
      dir.file("split.h5"), run.run, [&] { return rest; }, &chunks,
      [&] { return *run.metrics.realism; });
  CHECK(test::read_file(dir.file("split.h5")) == plain);
  REQUIRE(split.realism);
  CHECK(split.realism->samples == run.metrics.realism->samples);
  // Their failure is the call's, once every thread has stopped.
  CHECK_THROWS_WITH(io::write_results_computing_metrics(
                        dir.file("failed.h5"), run.run, [&] { return rest; }, nullptr,
                        []() -> analysis::MarketRealism { throw std::runtime_error("no facts"); }),
                    "no facts");

  // No baseline run, no call.
  options.baseline = false;
  calls = 0;
  CHECK_FALSE(app::simulate(scenario, options).run.baseline);
  CHECK(calls == 0);
}

TEST_CASE("simulate: the market's facts measured beside the other metrics are the same",
          "[simulate]") {
  const Scenario scenario = io::load_scenario(test::source_path("scenarios/quickstart.toml"), {});
  app::SimulateOptions options;
  options.metrics = false;
  std::size_t grown = 0;
  std::size_t last_samples = 0;
  options.on_market_sample = [&](const analysis::MarketSeries& market) {
    ++grown;
    last_samples = market.time.size();
  };
  const app::SimulatedRun run = app::simulate(scenario, options);
  // Called once a sample, with the series as it then stood.
  CHECK(grown == run.run.market.time.size());
  CHECK(last_samples == run.run.market.time.size());

  options.threads_beside = true;
  const analysis::RunMetrics beside = app::compute_metrics(run.run, options);
  options.threads_beside = false;
  const analysis::RunMetrics alone = app::compute_metrics(run.run, options);
  REQUIRE(beside.realism);
  REQUIRE(alone.realism);
  const auto facts = analysis::realism_facts(*beside.realism);
  const auto expected = analysis::realism_facts(*alone.realism);
  REQUIRE(facts.size() == expected.size());
  REQUIRE(facts.size() > 50);
  for (std::size_t i = 0; i < facts.size(); ++i) {
    CAPTURE(facts[i].name);
    CHECK(facts[i].name == expected[i].name);
    CHECK(std::bit_cast<std::uint64_t>(facts[i].estimate.value) ==
          std::bit_cast<std::uint64_t>(expected[i].estimate.value));
    CHECK(std::bit_cast<std::uint64_t>(facts[i].estimate.ci_high) ==
          std::bit_cast<std::uint64_t>(expected[i].estimate.ci_high));
  }
  CHECK(beside.total_reward == alone.total_reward);
}
