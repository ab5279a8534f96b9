#include <catch2/catch.hpp>
#include <vector>

#include "analysis/scenario_diff.hpp"

using namespace lmsim::analysis;
using Entries = std::vector<ScenarioEntry>;

TEST_CASE("scenario_differences: only keys whose values differ, with what each run has",
          "[scenario_diff]") {
  const std::vector<Entries> runs{
      {{"sim.seed", "7"}, {"miners[0].bid_spread", "0.05"}, {"market.pair", "\"ETH-USDT\""}},
      {{"sim.seed", "7"},
       {"miners[0].bid_spread", "0.2"},
       {"market.pair", "\"ETH-USDT\""},
       {"analysis.baseline", "false"}}};
  const std::vector<ScenarioDifference> differences = scenario_differences(runs);
  REQUIRE(differences.size() == 2);
  CHECK(differences[0].key == "analysis.baseline");
  CHECK_FALSE(differences[0].values[0].has_value());
  CHECK(differences[0].values[1] == "false");
  CHECK(differences[1].key == "miners[0].bid_spread");
  CHECK(differences[1].values[0] == "0.05");
  CHECK(differences[1].values[1] == "0.2");
}

TEST_CASE("scenario_differences: identical scenarios and a single run give nothing",
          "[scenario_diff]") {
  const Entries one{{"sim.seed", "7"}};
  CHECK(scenario_differences(std::vector<Entries>{one, one, one}).empty());
  CHECK(scenario_differences(std::vector<Entries>{one}).empty());
  CHECK(scenario_differences(std::vector<Entries>{}).empty());
}

TEST_CASE("scenario_differences: three runs, a key differing in one of them", "[scenario_diff]") {
  const std::vector<Entries> runs{{{"a", "1"}}, {{"a", "1"}}, {{"a", "2"}}};
  const auto differences = scenario_differences(runs);
  REQUIRE(differences.size() == 1);
  CHECK(differences[0].values == std::vector<std::optional<std::string>>{"1", "1", "2"});
}

TEST_CASE("scenario_key_less: digit runs compare as numbers", "[scenario_diff]") {
  CHECK(scenario_key_less("miners[2].count", "miners[10].count"));
  CHECK_FALSE(scenario_key_less("miners[10].count", "miners[2].count"));
  CHECK(scenario_key_less("miners[2]", "miners[2].count"));
  CHECK(scenario_key_less("a.b", "a.c"));
  CHECK(scenario_key_less("a1", "a01"));  // equal numbers: the shorter spelling first
  CHECK_FALSE(scenario_key_less("a.b", "a.b"));
  const std::vector<Entries> runs{{{"miners[10].x", "1"}, {"miners[9].x", "1"}},
                                  {{"miners[10].x", "2"}, {"miners[9].x", "2"}}};
  const auto differences = scenario_differences(runs);
  REQUIRE(differences.size() == 2);
  CHECK(differences[0].key == "miners[9].x");
}
