// `lmsim facts` end to end: a synthetic scenario, a run directory and a recorded market file
// (the AMZN excerpt converted), their table and JSON, the comparison bands, determinism, and
// every class of bad input with its exit status and message.
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <string>

#include "io/replay/replay_files.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim;
using test::CommandResult;
using test::run_lmsim;

namespace {

const std::string kMessages = "AMZN_2012-06-21_34200000_57600000_message_1.csv";
const std::string kOrderbook = "AMZN_2012-06-21_34200000_57600000_orderbook_1.csv";

// Ten minutes of a small synthetic market with the realistic population (docs/facts.md) and
// one miner, so that a run has something to pay.
const std::string kScenario = R"([sim]
start = 2024-06-03T00:00:00Z
duration = "10m"
dt = "1s"
seed = 7

[market]
pair = "ETH-USDT"
tick_size = 0.01
lot_size = 0.0001
initial_price = 2500.0
volatility_interval = "1m"

[market.fundamental]
volatility = 0.03
volatility_of_volatility = 0.5

[background]
order_size_scale = 50

[background.value]
count = 20
mean_interval = "20s"
observation_noise = 0.00003
valuation_horizon = "0s"
pricing = "value"

[background.market_makers]
count = 2
mean_interval = "20s"
levels = 5
min_spread = 4.0

[background.liquidity]
count = 10

[campaign]
name = "facts"
reward_token = "USDT"
reward_decimals = 6
epoch_start = 2024-06-03T00:00:00Z
epoch_length = "10m"
snapshot_interval = "60s"
max_spread = 0.01
spread_factor = 8.0

[[campaign.markets]]
pair = "ETH-USDT"
budget = 100.0

[[miners]]
name = "pmm"
strategy = "pure_market_making"
base_balance = 10.0
quote_balance = 25000.0
bid_spread = 0.0005
ask_spread = 0.0005
order_amount = 0.1
)";

/// A working directory with the scenario and the AMZN level-1 excerpt.
class Workspace {
 public:
  Workspace() {
    dir_.write("market.toml", kScenario);
    for (const std::string& name : {kMessages, kOrderbook})
      std::filesystem::copy_file(test::replay_data(name), dir_.file(name));
  }
  CommandResult run(std::vector<std::string> args) const {
    return run_lmsim(args, dir_.path().string());
  }
  std::string file(const std::string& name) const { return dir_.file(name); }

 private:
  test::TempDir dir_;
};

/// The value printed for `fact` in a facts table (the first number after its name).
double table_value(const std::string& table, const std::string& fact) {
  const std::regex line("\n" + std::regex_replace(fact, std::regex(R"([.|()])"), R"(\$&)") +
                        R"( +(-?[0-9.e+-]+))");
  std::smatch match;
  if (!std::regex_search(table, match, line)) FAIL("no fact " << fact << " in\n" << table);
  return std::stod(match[1].str());
}

}  // namespace

TEST_CASE(
    "lmsim facts: the facts of a synthetic scenario, their intervals and bands, deterministic") {
  const Workspace work;
  const CommandResult first = work.run({"facts", "market.toml", "--resamples", "50"});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.err.empty());
  // The header: the window, its grid and what was sampled.
  CHECK(first.out.rfind("market.toml: 2024-06-03T00:00:00Z to 2024-06-03T00:09:59Z, 600 samples "
                        "every 1s",
                        0) == 0);
  // Every fact with its value and interval; the interval brackets a plain statistic.
  const double sd = table_value(first.out, "returns.1s.sd");
  CHECK(sd > 0.0);
  CHECK(sd < 0.01);
  const std::regex with_interval(
      R"(\nreturns\.1s\.sd +[0-9.e+-]+  \[([0-9.e+-]+), ([0-9.e+-]+)\])");
  std::smatch interval;
  REQUIRE(std::regex_search(first.out, interval, with_interval));
  CHECK(std::stod(interval[1].str()) <= std::stod(interval[2].str()));
  CHECK(table_value(first.out, "trades.rate_per_minute") > 0.0);
  CHECK(table_value(first.out, "depth.both.two_pct") >=
        table_value(first.out, "depth.both.half_pct"));
  CHECK(first.out.find("realism bands of market.toml:") != std::string::npos);
  CHECK(first.out.find("published realised volatility (RMS) within 25%") != std::string::npos);
  // Horizons the window is too short for print a dash, not a number.
  CHECK(std::regex_search(first.out, std::regex(R"(\nreturns\.5m\.acf\.1 +—)")));

  // The same scenario and seed give the same facts and intervals; another seed others.
  CHECK(work.run({"facts", "market.toml", "--resamples", "50"}).out == first.out);
  const CommandResult reseeded =
      work.run({"facts", "market.toml", "--resamples", "50", "--seed", "8"});
  REQUIRE(reseeded.exit_code == 0);
  CHECK(table_value(reseeded.out, "returns.1s.sd") != sd);

  // --json: the same facts, with their standard errors.
  const CommandResult json = work.run({"facts", "market.toml", "--resamples", "50", "--json"});
  REQUIRE(json.exit_code == 0);
  CHECK(json.out.find("\"kind\": \"scenario\"") != std::string::npos);
  CHECK(json.out.find("\"samples\": 600") != std::string::npos);
  CHECK(json.out.find("\"returns.1s.sd\": {") != std::string::npos);
  CHECK(json.out.find("\"standard_error\":") != std::string::npos);
  CHECK(json.out.find("\"bands\":") != std::string::npos);

  // No intervals at all with --resamples 0.
  const CommandResult plain = work.run({"facts", "market.toml", "--resamples", "0"});
  REQUIRE(plain.exit_code == 0);
  CHECK(table_value(plain.out, "returns.1s.sd") == Approx(sd).epsilon(1e-3));
}

TEST_CASE("lmsim facts: a run directory and a recorded market file, side by side") {
  const Workspace work;
  const CommandResult run = work.run({"run", "market.toml", "--out", "out/run"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  // A run's summary carries its market's facts too.
  std::ifstream summary_file(work.file("out/run/summary.json"));
  const std::string summary((std::istreambuf_iterator<char>(summary_file)), {});
  CHECK(summary.find("\"facts\":") != std::string::npos);

  const CommandResult facts = work.run({"facts", "out/run", "--resamples", "20", "--json"});
  INFO(facts.err);
  REQUIRE(facts.exit_code == 0);
  CHECK(facts.out.find("\"kind\": \"run\"") != std::string::npos);
  CHECK(facts.out.find("\"samples\": 600") != std::string::npos);

  REQUIRE(work.run({"convert", "--from", "lobster", kMessages, kOrderbook, "-o", "amzn.h5"})
              .exit_code == 0);
  const CommandResult recorded = work.run({"facts", "amzn.h5", "--resamples", "20"});
  INFO(recorded.err);
  REQUIRE(recorded.exit_code == 0);
  // The excerpt runs 09:30:00.017 to 09:42:37.487 EDT: the whole minutes 13:31 to 13:42 UTC.
  CHECK(recorded.out.rfind("amzn.h5: 2012-06-21T13:31:00Z to 2012-06-21T13:41:59Z, 660 samples "
                           "every 1s",
                           0) == 0);
  // AMZN traded at about $220 with a spread of a few cents: a few ticks, about 1 bp per 2 ticks.
  const double ticks = table_value(recorded.out, "spread.ticks.mean");
  const double bps = table_value(recorded.out, "spread.bps.mean");
  CHECK(ticks >= 1.0);
  CHECK(ticks < 100.0);
  CHECK(bps / ticks == Approx(1e4 * 0.01 / 220.0).epsilon(0.1));

  // Compared: both columns, and the depth-shape bands against the recording.
  const CommandResult compared =
      work.run({"facts", "market.toml", "--compare", "amzn.h5", "--resamples", "20"});
  INFO(compared.err);
  REQUIRE(compared.exit_code == 0);
  CHECK(compared.out.find("amzn.h5") != std::string::npos);
  CHECK(compared.out.find("share of the +-2% depth within +-0.5%") != std::string::npos);
}

TEST_CASE("lmsim facts: a run recorded coarser than a second names the horizons it cannot give") {
  const Workspace work;
  // Every 7 s (a week's default grid): none of 1 s, 1 min and 5 min is a multiple of it.
  const CommandResult run = work.run({"run", "market.toml", "--out", "out/coarse", "--no-baseline",
                                      "--set", "analysis.sample_interval=\"7s\""});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const CommandResult facts = work.run({"facts", "out/coarse", "--resamples", "0"});
  INFO(facts.err);
  REQUIRE(facts.exit_code == 0);
  CHECK(facts.out.find("86 samples every 7s") != std::string::npos);
  CHECK(facts.out.find("returns not computed at 1s, 1m and 5m: the series is sampled every 7s, "
                       "which does not divide them") != std::string::npos);
  // No figure is printed under a horizon it was not measured at.
  CHECK(facts.out.find("returns.1s.") == std::string::npos);
  CHECK(facts.out.find("returns.1m.") == std::string::npos);
  CHECK(facts.out.find("\nreturns.7s.sd ") != std::string::npos);
  const CommandResult json = work.run({"facts", "out/coarse", "--resamples", "0", "--json"});
  REQUIRE(json.exit_code == 0);
  CHECK(std::regex_search(
      json.out, std::regex(R"("horizons_not_computed": \[\s*"1s",\s*"1m",\s*"5m"\s*\])")));

  // Every 10 s: the minute horizons are there, 1 s is named as missing.
  REQUIRE(work.run({"run", "market.toml", "--out", "out/ten", "--no-baseline", "--set",
                    "analysis.sample_interval=\"10s\""})
              .exit_code == 0);
  const CommandResult ten = work.run({"facts", "out/ten", "--resamples", "0"});
  REQUIRE(ten.exit_code == 0);
  CHECK(ten.out.find("returns not computed at 1s: the series is sampled every 10s") !=
        std::string::npos);
  CHECK(ten.out.find("\nreturns.1m.sd ") != std::string::npos);
  CHECK(ten.out.find("returns.1s.") == std::string::npos);
}

TEST_CASE("lmsim facts: bad input exits 2 with a located message") {
  const Workspace work;
  const auto check_error = [](const CommandResult& result, const std::string& message) {
    INFO(result.out);
    CHECK(result.exit_code == 2);
    CHECK(result.err == "lmsim: error: " + message + "\n");
  };
  check_error(work.run({"facts", "missing.h5"}), "missing.h5: no such file");
  check_error(work.run({"facts", kMessages}),
              kMessages +
                  ": not an lmsim market file ('lmsim convert' writes one): not an HDF5 "
                  "file");
  check_error(work.run({"facts", "market.toml", "--resamples", "-1"}),
              "--resamples: must be in [0, 100000] (got -1)");
  const CommandResult none = work.run({"facts"});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("a market is required") != std::string::npos);
  const CommandResult help = work.run({"facts", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.rfind("usage: lmsim facts MARKET", 0) == 0);
}
