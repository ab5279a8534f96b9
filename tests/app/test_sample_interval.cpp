#include <catch2/catch.hpp>

#include <cmath>

#include "sim/app/simulate.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"

using namespace lmsim;
using namespace lmsim::sim;

namespace {

analysis::RunData run(const std::vector<std::string>& overrides) {
  const Scenario scenario =
      io::load_scenario(test::source_path("scenarios/quickstart.toml"), overrides);
  return app::simulate(scenario, app::SimulateOptions{}).run;
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
