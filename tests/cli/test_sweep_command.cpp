// `lmsim sweep` and `lmsim tune` end to end: what a user types, what comes out.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using lmsim::test::CommandResult;
using lmsim::test::run_lmsim;

namespace {

const std::vector<std::string> kShort = {"--set", "sim.duration=\"5m\"", "--set",
                                         "campaign.epoch_length=\"3m\""};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE(
    "lmsim sweep: a grid with replicates writes sweep.h5 and sweep.csv, the same for any "
    "number of threads",
    "[cli][sweep]") {
  lmsim::test::TempDir dir;
  const auto args = with({"sweep", "scenarios/quickstart.toml", "--grid",
                          "miners[0].bid_spread=0.05,0.2", "--replicates", "2"},
                         kShort);
  const CommandResult one =
      run_lmsim(with(args, {"--jobs", "1", "--out", (dir.path() / "one").string()}));
  REQUIRE(one.exit_code == 0);
  CHECK(one.out.find("2 points x 2 replicates = 4 runs") != std::string::npos);
  const CommandResult two =
      run_lmsim(with(args, {"--jobs", "2", "--out", (dir.path() / "two").string()}));
  REQUIRE(two.exit_code == 0);
  CHECK(read_file(dir.path() / "one" / "sweep.csv") == read_file(dir.path() / "two" / "sweep.csv"));
  CHECK(read_file(dir.path() / "one" / "sweep.h5") == read_file(dir.path() / "two" / "sweep.h5"));
  const std::string csv = read_file(dir.path() / "one" / "sweep.csv");
  CHECK(csv.starts_with("miners[0].bid_spread,depth_0.5pct_n,depth_0.5pct_mean,"));
  // An existing sweep is kept unless --force.
  const CommandResult again = run_lmsim(with(args, {"--out", (dir.path() / "one").string()}));
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("already exists") != std::string::npos);
}

TEST_CASE("lmsim sweep: bad grids and options exit 2 naming the argument, nothing written",
          "[cli][sweep]") {
  lmsim::test::TempDir dir;
  const std::string out = (dir.path() / "s").string();
  const auto sweep = [&](const std::vector<std::string>& extra) {
    return run_lmsim(with({"sweep", "scenarios/quickstart.toml", "--out", out}, extra));
  };
  const CommandResult zero =
      sweep({"--grid", "campaign.markets[0].budget=1,2", "--replicates", "0"});
  CHECK(zero.exit_code == 2);
  CHECK(zero.err == "lmsim: error: --replicates: must be in [1, 100000] (got 0)\n");
  const CommandResult unknown = sweep({"--grid", "campaign.budgt=1,2"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.starts_with("lmsim: error: --grid campaign.budgt=1,2: value 1: "));
  const CommandResult type = sweep({"--grid", "campaign.markets[0].budget=lots"});
  CHECK(type.exit_code == 2);
  CHECK(type.err.find("expected a number (got a string)") != std::string::npos);
  const CommandResult empty = sweep({"--grid", "campaign.markets[0].budget=10:20:1"});
  CHECK(empty.exit_code == 2);
  CHECK(empty.err ==
        "lmsim: error: --grid campaign.markets[0].budget=10:20:1: STEPS must be an "
        "integer in [2, 100000]\n");
  const CommandResult nothing = sweep({});
  CHECK(nothing.exit_code == 2);
  CHECK(nothing.err.find("nothing to sweep") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("lmsim tune: an unknown metric exits 2 before any run, and the answer is printed",
          "[cli][tune]") {
  lmsim::test::TempDir dir;
  const std::string out = (dir.path() / "t").string();
  const CommandResult unknown =
      run_lmsim(with({"tune", "scenarios/quickstart.toml", "--param", "miners[0].order_amount",
                      "--range", "0.1:10", "--target", "depth_3pct >= 1", "--out", out},
                     kShort));
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.starts_with("lmsim: error: --target: unknown metric \"depth_3pct\""));
  const CommandResult found =
      run_lmsim(with({"tune", "scenarios/quickstart.toml", "--param", "miners[0].order_amount",
                      "--range", "0.1:20", "--target", "depth_0.5pct >= 70", "--replicates", "3",
                      "--max-replicates", "6", "--tolerance", "1", "--out", out},
                     kShort));
  REQUIRE(found.exit_code == 0);
  CHECK(found.out.starts_with("miners[0].order_amount = "));
  CHECK(found.out.find("95% CI [") != std::string::npos);
  CHECK(read_file(std::filesystem::path(out) / "tune.json").find("\"found\": true") !=
        std::string::npos);
}

TEST_CASE("lmsim tune: a value no run accepts stops the search with the reason", "[cli][tune]") {
  // Both ends are whole base units of the six-decimal reward token; the middle, 1.5e-06, is not.
  lmsim::test::TempDir dir;
  const std::string out = (dir.path() / "new" / "t").string();
  const CommandResult result = run_lmsim(
      with({"tune", "scenarios/quickstart.toml", "--param", "campaign.markets[0].budget", "--range",
            "0.000001:0.000002", "--target", "spent >= 0.0000015", "--out", out},
           kShort));
  CHECK(result.exit_code == 2);
  CHECK(result.err.ends_with(
      "lmsim: error: --param campaign.markets[0].budget: value 1.5e-06 fails every run: --set "
      "campaign.markets[0].budget=1.5e-06: campaign.markets[0].budget: has more fractional "
      "digits than reward_decimals = 6 (got 1.5e-06)\n"));
  // Nothing left behind, not even the directories made for the results.
  CHECK_FALSE(std::filesystem::exists(dir.path() / "new"));
}

TEST_CASE("lmsim report SWEEP_DIR: response curves, paired differences and the cost curve",
          "[cli][sweep][report]") {
  lmsim::test::TempDir dir;
  const std::string out = (dir.path() / "s").string();
  REQUIRE(run_lmsim(with({"sweep", "scenarios/quickstart.toml", "--grid",
                          "campaign.markets[0].budget=10,100", "--replicates", "2", "--out", out},
                         kShort))
              .exit_code == 0);
  const CommandResult report = run_lmsim({"report", out});
  REQUIRE(report.exit_code == 0);
  CHECK(report.out == "wrote " + out + "/report.html (a sweep)\n");
  const std::string html = read_file(std::filesystem::path(out) / "report.html");
  CHECK(html.find("<h1>lmsim sweep report: scenarios/quickstart.toml</h1>") != std::string::npos);
  CHECK(html.find("id=\"plot-response-0-") != std::string::npos);
  CHECK(html.find("id=\"plot-cost-curve\"") != std::string::npos);
  CHECK(html.find("Paired differences between neighbouring points") != std::string::npos);
  // A sweep is reported on its own.
  const CommandResult mixed = run_lmsim({"report", out, out});
  CHECK(mixed.exit_code == 2);
  CHECK(mixed.err.find("a sweep directory is reported on its own") != std::string::npos);
}
