#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/sample_statistics.hpp"
#include "sim/app/sweep.hpp"
#include "sim/app/tune.hpp"
#include "sim/io/input_error.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim;
using namespace lmsim::sim;
using namespace lmsim::sim::app;

namespace {

const std::string kQuickstart = test::source_path("scenarios/quickstart.toml");

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t metric_index(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

}  // namespace

TEST_CASE("SweepPlan: points in order, the last axis fastest, seeds shared by every point",
          "[sweep]") {
  const SweepPlan plan =
      make_sweep_plan(kQuickstart, {},
                      {io::parse_grid_argument("campaign.markets[0].budget=10,100"),
                       io::parse_grid_argument("miners[0].bid_spread=0.05,0.1,0.2")},
                      3);
  CHECK(plan.points() == 6);
  CHECK(plan.runs() == 18);
  CHECK(plan.point_values(0) == std::vector<std::string>{"10", "0.05"});
  CHECK(plan.point_values(2) == std::vector<std::string>{"10", "0.2"});
  CHECK(plan.point_values(3) == std::vector<std::string>{"100", "0.05"});
  const auto first = plan.run_overrides(0, 1);
  const auto other = plan.run_overrides(5, 1);
  CHECK(first.back() == other.back());  // replicate 1's seed at both points
  CHECK(first.back() == "sim.seed=" + std::to_string(plan.replicate_seed(1)));
  CHECK(plan.replicate_seed(0) != plan.replicate_seed(1));
  CHECK(plan.replicate_seed(1) < (std::uint64_t{1} << 63));
}

TEST_CASE("SweepPlan: an unknown key or a value of the wrong type is the grid's mistake",
          "[sweep]") {
  CHECK_THROWS_WITH(
      make_sweep_plan(kQuickstart, {}, {io::parse_grid_argument("campaign.budgt=1,2")}, 1),
      Catch::Contains("--grid campaign.budgt=1,2: value 1:") &&
          Catch::Contains("campaign.budgt: unknown key"));
  CHECK_THROWS_WITH(
      make_sweep_plan(kQuickstart, {}, {io::parse_grid_argument("sim.seed=abc,1")}, 1),
      Catch::Contains("--grid sim.seed=abc,1: value abc:") &&
          Catch::Contains("expected an integer (got a string)"));
  // A value out of range is not: that point's runs fail, the others run.
  CHECK_NOTHROW(
      make_sweep_plan(kQuickstart, {}, {io::parse_grid_argument("campaign.max_spread=0.01,5")}, 1));
}

TEST_CASE("Sweep: a failed point is reported with its point and the others run", "[sweep]") {
  test::TempDir dir;
  const SweepPlan plan =
      make_sweep_plan(kQuickstart, {"sim.duration=\"5m\"", "campaign.epoch_length=\"3m\""},
                      {io::parse_grid_argument("campaign.max_spread=0.01,5")}, 1);
  SweepOptions options;
  options.out_dir = dir.path() / "sweep";
  const SweepResult result = run_sweep(plan, options);
  REQUIRE(result.runs.size() == 2);
  CHECK(result.runs[0].ok);
  CHECK_FALSE(result.runs[1].ok);
  CHECK(result.runs[1].error.starts_with("point 1 replicate 0: "));
  CHECK(result.runs[1].error.find("campaign.max_spread: must be in (0, 1] (got 5)") !=
        std::string::npos);
  CHECK(std::filesystem::exists(options.out_dir / "sweep.h5"));
  CHECK(read_file(options.out_dir / "sweep.csv").find(",1\n") != std::string::npos);
}

TEST_CASE("Sweep: the files are byte-identical whatever the number of threads", "[sweep]") {
  test::TempDir dir;
  const SweepPlan plan =
      make_sweep_plan(kQuickstart, {"sim.duration=\"5m\"", "campaign.epoch_length=\"3m\""},
                      {io::parse_grid_argument("miners[0].bid_spread=0.05,0.2")}, 3);
  SweepOptions one;
  one.out_dir = dir.path() / "one";
  one.jobs = 1;
  SweepOptions two = one;
  two.out_dir = dir.path() / "two";
  two.jobs = 2;
  run_sweep(plan, one);
  run_sweep(plan, two);
  CHECK(read_file(one.out_dir / "sweep.h5") == read_file(two.out_dir / "sweep.h5"));
  CHECK(read_file(one.out_dir / "sweep.csv") == read_file(two.out_dir / "sweep.csv"));
  // No leftovers: the progress of the runs goes once the files are there.
  CHECK_FALSE(std::filesystem::exists(one.out_dir / ".sweep-partial"));
}

TEST_CASE("Sweep: a resumed sweep keeps the runs it had finished", "[sweep]") {
  test::TempDir dir;
  const SweepPlan plan =
      make_sweep_plan(kQuickstart, {"sim.duration=\"5m\"", "campaign.epoch_length=\"3m\""},
                      {io::parse_grid_argument("miners[0].bid_spread=0.05,0.2")}, 2);
  SweepOptions options;
  options.out_dir = dir.path() / "sweep";
  const std::vector<std::string> names = sweep_metric_names(plan);
  // An interrupted sweep: the plan and one finished run whose metrics are all 42.
  std::filesystem::create_directories(options.out_dir / ".sweep-partial");
  std::ofstream(options.out_dir / ".sweep-partial" / "plan.txt", std::ios::binary) << plan.text();
  io::SweepRun stored;
  stored.ok = true;
  stored.metrics.assign(names.size(), 42.0);
  std::ofstream(options.out_dir / ".sweep-partial" / "run-1", std::ios::binary)
      << io::sweep_run_text(stored);
  // Without --resume it refuses to start over.
  CHECK_THROWS_WITH(run_sweep(plan, options),
                    Catch::Contains("holds an interrupted run of this sweep: --resume continues "
                                    "it, --force starts over"));
  options.resume = true;
  const SweepResult result = run_sweep(plan, options);
  CHECK(result.runs[1].metrics == stored.metrics);  // not run again
  CHECK(result.runs[0].ok);
  CHECK(result.runs[0].metrics != stored.metrics);
}

TEST_CASE("Sweep: common random numbers make a paired difference sharper than an unpaired one",
          "[sweep]") {
  // Two spreads of one miner, eight replicates each on the same seeds: the seed's effect on the
  // market cancels in the paired differences, not in the difference of the means.
  const SweepPlan plan =
      make_sweep_plan(kQuickstart, {"sim.duration=\"6m\"", "campaign.epoch_length=\"4m\""},
                      {io::parse_grid_argument("miners[0].bid_spread=0.05,0.3")}, 8);
  SharedMarkets markets;
  const std::vector<std::string> names = sweep_metric_names(plan);
  const std::size_t depth = metric_index(names, "depth_2pct");
  std::vector<double> tight, wide;
  for (int r = 0; r < plan.replicates; ++r) {
    const SweepRun a = run_point(plan, plan.point_values(0), r, markets, names);
    const SweepRun b = run_point(plan, plan.point_values(1), r, markets, names);
    REQUIRE(a.ok);
    REQUIRE(b.ok);
    tight.push_back(a.metrics[depth]);
    wide.push_back(b.metrics[depth]);
  }
  const analysis::Summary paired = analysis::paired_difference(tight, wide);
  const analysis::Summary unpaired = analysis::welch_difference(tight, wide);
  CHECK(paired.ci_high - paired.ci_low < 0.5 * (unpaired.ci_high - unpaired.ci_low));
}

TEST_CASE("tune: the smallest order size whose depth target holds", "[sweep][tune]") {
  test::TempDir dir;
  TuneRequest request;
  request.scenario_path = kQuickstart;
  request.overrides = {"sim.duration=\"6m\"", "campaign.epoch_length=\"4m\""};
  request.key = "miners[0].order_amount";
  request.range = parse_tune_range("0.1:20");
  // The tight miners (two accounts) sit within 0.5% of the mid on both sides: their size is
  // depth there, on top of a market that holds about 120.
  request.target = parse_target("depth_0.5pct >= 150");
  request.replicates = 4;
  request.max_replicates = 8;
  request.tolerance = 0.5;
  request.jobs = 2;
  request.out_dir = dir.path() / "tune";
  const TuneOutcome outcome = tune(request);
  REQUIRE(outcome.found);
  CHECK(outcome.answer.verdict == "holds");
  CHECK(outcome.answer.value > 0.1);
  CHECK(outcome.answer.value < 20.0);
  CHECK(outcome.monotone);
  // Just below the answer, the target was not shown to hold.
  bool below_fails = false;
  for (const TuneEvaluation& evaluation : outcome.evaluated) {
    if (evaluation.value < outcome.answer.value && evaluation.value >= outcome.answer.value - 0.5) {
      below_fails = evaluation.verdict != "holds";
    }
  }
  CHECK(below_fails);
  CHECK(std::filesystem::exists(request.out_dir / "tune.json"));
  CHECK(std::filesystem::exists(request.out_dir / "sweep.csv"));
}

TEST_CASE("tune: bad targets and ranges name the option", "[sweep][tune]") {
  CHECK_THROWS_WITH(parse_target("depth 50"),
                    "--target depth 50: expected \"METRIC >= X\" or \"METRIC <= X\"");
  CHECK_THROWS_WITH(parse_target(">= 50"), "--target >= 50: no metric before the comparison");
  CHECK_THROWS_WITH(parse_target("depth >= lots"),
                    "--target depth >= lots: X must be a finite number");
  CHECK_THROWS_WITH(parse_tune_range("5:5"), "--range 5:5: an empty range: LO must be below HI");
  CHECK_THROWS_WITH(parse_tune_range("log:0:5"), "--range log:0:5: a log range needs LO > 0");
  test::TempDir dir;
  TuneRequest request;
  request.scenario_path = kQuickstart;
  request.key = "miners[0].order_amount";
  request.range = parse_tune_range("0.1:1");
  request.target = parse_target("depht_1pct >= 1");
  request.out_dir = dir.path() / "tune";
  CHECK_THROWS_WITH(tune(request), Catch::StartsWith("--target: unknown metric \"depht_1pct\""));
  CHECK_FALSE(std::filesystem::exists(request.out_dir / "tune.json"));
}
