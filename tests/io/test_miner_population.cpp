#include <catch2/catch.hpp>

#include "sim/io/input_error.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/toml_table_reader.hpp"

using namespace lmsim::sim;
using namespace lmsim::sim::io;

namespace {

const std::string kHead = R"([sim]
start = 2024-01-01T00:00:00Z
duration = "10m"
seed = 5

[market]
pair = "A-B"
tick_size = 0.01
lot_size = 0.01
initial_price = 10.0

[campaign]
reward_token = "B"
reward_decimals = 2
epoch_start = 2024-01-01T00:00:00Z
epoch_length = "10m"
max_spread = 0.02

[[campaign.markets]]
pair = "A-B"
budget = 100
)";

const std::string kPopulation = R"(
[[miner_populations]]
name = "retail"
count = 40
strategy = "pure_market_making"
bid_spread = { dist = "normal", mean = 0.5, sd = 0.25, min = 0.1 }
ask_spread = { dist = "uniform", low = 0.2, high = 0.8 }
order_amount = 1.0
quote_balance = { dist = "pareto", scale = 2000, alpha = 1.5 }
order_levels = { dist = "uniform", low = 1, high = 3 }
economics = { reservation_yield = { dist = "lognormal", median = 0.15, sigma = 0.5 } }
)";

Scenario read(const std::string& text) {
  return read_scenario(parse_toml(text, "s.toml"), "s.toml");
}

std::string error_of(const std::string& text) {
  try {
    read(text);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

double param(const MinerGroup& group, const std::string& key) {
  return std::get<double>(group.strategy->params().get(key));
}

}  // namespace

TEST_CASE("Miner populations: accounts drawn from their distributions, within their bounds",
          "[population]") {
  const Scenario scenario = read(kHead + kPopulation);
  REQUIRE(scenario.miners.size() == 40);
  CHECK(scenario.miners[0].name == "retail-01");
  CHECK(scenario.miners[39].name == "retail-40");
  double sum = 0.0;
  for (const MinerGroup& account : scenario.miners) {
    CHECK(account.count == 1);
    CHECK(param(account, "bid_spread") >= 0.1);
    CHECK(param(account, "ask_spread") >= 0.2);
    CHECK(param(account, "ask_spread") <= 0.8);
    CHECK(account.quote_balance >= 2000.0);
    const auto levels = std::get<std::int64_t>(account.strategy->params().get("order_levels"));
    CHECK(levels >= 1);
    CHECK(levels <= 3);
    REQUIRE(account.economics);
    CHECK(account.economics->reservation_yield > 0.0);
    CHECK(account.drawn.find("economics.reservation_yield = ") != std::string::npos);
    sum += param(account, "bid_spread");
  }
  CHECK(sum / 40.0 == Approx(0.5).margin(0.12));
  // Different accounts draw differently.
  CHECK(param(scenario.miners[0], "bid_spread") != param(scenario.miners[1], "bid_spread"));
}

TEST_CASE("Miner populations: the same seed draws the same accounts, another seed others",
          "[population]") {
  const Scenario first = read(kHead + kPopulation);
  const Scenario again = read(kHead + kPopulation);
  const Scenario other = read([&] {
    std::string text = kHead + kPopulation;
    text.replace(text.find("seed = 5"), 8, "seed = 6");
    return text;
  }());
  CHECK(first.miners[7].drawn == again.miners[7].drawn);
  CHECK(first.miners[7].drawn != other.miners[7].drawn);
  // A population's draws do not depend on the miners before it.
  const Scenario with_miner = read(kHead + R"(
[[miners]]
name = "fixed"
strategy = "pure_market_making"
bid_spread = 0.1
ask_spread = 0.1
order_amount = 1.0
)" + kPopulation);
  CHECK(with_miner.miners[8].drawn == first.miners[7].drawn);
}

TEST_CASE("Miner populations: bad distributions and draws are located", "[population]") {
  const auto with = [&](const std::string& from, const std::string& to) {
    std::string text = kHead + kPopulation;
    text.replace(text.find(from), from.size(), to);
    return error_of(text);
  };
  CHECK(with("dist = \"normal\"", "dist = \"gaussian\"") ==
        "s.toml:27:23: miner_populations[0].bid_spread.dist: unknown distribution \"gaussian\" "
        "(expected \"normal\", \"lognormal\", \"pareto\" or \"uniform\")");
  CHECK(with("sd = 0.25, ", "") ==
        "s.toml:27:14: miner_populations[0].bid_spread.sd: missing required key");
  CHECK(with("sd = 0.25", "sd = -1") ==
        "s.toml:27:50: miner_populations[0].bid_spread.sd: must be >= 0 (got -1)");
  CHECK(
      with("median = 0.15", "median = 0") ==
      "s.toml:32:66: miner_populations[0].economics.reservation_yield.median: must be > 0 (got 0)");
  // A distribution whose every draw is negative: the first account's draw is out of range.
  const std::string negative =
      with("mean = 0.5, sd = 0.25, min = 0.1", "mean = -1, sd = 0.25, min = -100");
  CAPTURE(negative);
  CHECK(negative.find("account retail-") != std::string::npos);
  CHECK(negative.find("drew a bid_spread out of range: must be in (0, 100)") != std::string::npos);
  CHECK(with("count = 40", "count = 0") ==
        "s.toml:25:9: miner_populations[0].count: must be in [1, 100000] (got 0)");
}

TEST_CASE("Miner populations: economics need the reward token's value", "[population]") {
  std::string text = kHead + kPopulation;
  text.replace(text.find("reward_token = \"B\""), 18, "reward_token = \"C\"");
  CHECK(error_of(text) ==
        "s.toml:13:16: campaign.reward_token: is neither asset of A-B, and miners with economics "
        "value rewards in B: set [analysis] reward_token_price (got \"C\")");
  CHECK(read(text + "\n[analysis]\nreward_token_price = 2.0\n").miners.size() == 40);
}
