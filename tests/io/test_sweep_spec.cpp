#include <catch2/catch.hpp>

#include "sim/io/input_error.hpp"
#include "sim/io/sweep_spec.hpp"
#include "sim/io/toml_table_reader.hpp"

using namespace lmsim::sim::io;

namespace {

std::string error_of(const std::string& argument) {
  try {
    parse_grid_argument(argument);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("parse_grid_argument: lists, linear and log ranges", "[sweep_spec]") {
  const SweepAxis list = parse_grid_argument("campaign.markets[0].budget=10,100,1000");
  CHECK(list.key == "campaign.markets[0].budget");
  CHECK(list.values == std::vector<std::string>{"10", "100", "1000"});
  CHECK(list.source == "--grid campaign.markets[0].budget=10,100,1000");
  CHECK(parse_grid_argument("campaign.rule=hummingbot,\"a,b\"").values ==
        std::vector<std::string>{"hummingbot", "\"a,b\""});
  CHECK(parse_grid_argument("x=[1, 2],[3]").values == std::vector<std::string>{"[1, 2]", "[3]"});
  CHECK(parse_grid_argument("x=0:1:5").values ==
        std::vector<std::string>{"0.0", "0.25", "0.5", "0.75", "1.0"});
  CHECK(parse_grid_argument("x=log:1:100:3").values ==
        std::vector<std::string>{"1.0", "10.0", "100.0"});
  CHECK(parse_grid_argument("x=2:1:2").values == std::vector<std::string>{"2.0", "1.0"});
}

TEST_CASE("parse_grid_argument: malformed grids name the argument", "[sweep_spec]") {
  CHECK(error_of("budget") == "--grid budget: expected KEY=V1,V2,… or KEY=LO:HI:STEPS");
  CHECK(error_of("=1,2") == "--grid =1,2: expected KEY=V1,V2,… or KEY=LO:HI:STEPS");
  CHECK(error_of("x=") == "--grid x=: no values");
  CHECK(error_of("x=1,,2") == "--grid x=1,,2: an empty value in the list");
  CHECK(error_of("x=0:1:1") == "--grid x=0:1:1: STEPS must be an integer in [2, 100000]");
  CHECK(error_of("x=0:inf:3") == "--grid x=0:inf:3: LO and HI must be finite numbers");
  CHECK(error_of("x=log:0:10:3") == "--grid x=log:0:10:3: a log range needs LO > 0 and HI > 0");
  CHECK(error_of("x=1:2") == "--grid x=1:2: expected LO:HI:STEPS");
}

TEST_CASE("read_sweep_table: the [sweep] table of a scenario", "[sweep_spec]") {
  const toml::table root = parse_toml(R"([sweep]
replicates = 4
grid = { "campaign.spread_factor" = [2.0, 8.0], "miners[0].count" = "1:3:3" }
)",
                                      "s.toml");
  const SweepTable sweep = read_sweep_table(root, "s.toml");
  CHECK(sweep.replicates == 4);
  REQUIRE(sweep.axes.size() == 2);
  CHECK(sweep.axes[0].key == "campaign.spread_factor");
  CHECK(sweep.axes[0].values == std::vector<std::string>{"2.0", "8.0"});
  CHECK(sweep.axes[1].values == std::vector<std::string>{"1.0", "2.0", "3.0"});
  CHECK_THROWS_WITH(read_sweep_table(parse_toml("[sweep]\nreplicates = 0\n", "s.toml"), "s.toml"),
                    "s.toml:2:14: sweep.replicates: must be in [1, 100000] (got 0)");
  CHECK_THROWS_WITH(
      read_sweep_table(parse_toml("[sweep]\ngrid = { x = [] }\n", "s.toml"), "s.toml"),
      "s.toml:2:14: sweep.grid.x: an empty list of values");
}
