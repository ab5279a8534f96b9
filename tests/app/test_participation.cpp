// Miners that come and go by the interval, size in quote currency, and a market of miners alone.
#include <catch2/catch.hpp>

#include "sim/app/simulate.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"

using namespace lmsim;
using namespace lmsim::sim;

namespace {

analysis::RunData run(const std::string& name, const std::vector<std::string>& overrides) {
  const Scenario scenario =
      io::load_scenario(test::source_path("scenarios/" + name + ".toml"), overrides);
  app::SimulateOptions options;
  options.baseline = false;
  return app::simulate(scenario, options).run;
}

const std::vector<std::string> kHour = {"sim.duration=\"62m\"", "campaign.epoch_length=\"60m\""};

std::vector<std::string> with(std::vector<std::string> overrides,
                              const std::vector<std::string>& more) {
  overrides.insert(overrides.end(), more.begin(), more.end());
  return overrides;
}

}  // namespace

TEST_CASE(
    "Participation: a miner present with probability p is eligible in about p of the "
    "snapshots",
    "[participation]") {
  // wide (miners[2]) quotes well inside the band all the time: only its presence varies.
  const analysis::RunData always = run("quickstart", kHour);
  const analysis::RunData half =
      run("quickstart", with(kHour, {"miners[2].participation_probability=0.5"}));
  const analysis::RunData never =
      run("quickstart", with(kHour, {"miners[2].participation_probability=0"}));
  REQUIRE(always.miners[3].name == "wide");
  // Absent only while it refreshes, or when the mid moves its quotes out of the band between
  // refreshes.
  CHECK(always.miners[3].eligible_snapshots >= 54);
  CHECK(never.miners[3].eligible_snapshots == 0);
  // Binomial(60, 0.5): within four standard deviations (±15.5) of 30.
  CHECK(half.miners[3].eligible_snapshots > 14);
  CHECK(half.miners[3].eligible_snapshots < 46);
  // The others are untouched by its draws (their own streams).
  CHECK(half.miners[0].eligible_snapshots == always.miners[0].eligible_snapshots);
}

TEST_CASE("Participation: order_notional sizes orders in quote currency at the mid",
          "[participation]") {
  // 1250 USDT at a mid near 2500: about 0.5 ETH, the size order_amount gives tight.
  const analysis::RunData base = run("quickstart", kHour);
  const analysis::RunData notional =
      run("quickstart", with(kHour, {"miners[0].order_notional=1250", "miners[0].order_amount=7"}));
  const auto& m = notional.snapshot_miner;
  for (std::size_t row = 0; row < m.eligible_amount_bid.rows; ++row) {
    const double bid = m.eligible_amount_bid.at(row, 0);
    if (bid <= 0.0) continue;
    CAPTURE(row);
    CHECK(bid == Approx(1250.0 / notional.snapshots.mid[row]).epsilon(0.01));
  }
  CHECK(notional.miners[0].eligible_snapshots > 0);
  CHECK(base.miners[0].eligible_snapshots > 0);
}

TEST_CASE("Participation: a market of miners alone quotes around the reference price",
          "[participation]") {
  // No background traders: nobody else makes a mid, so the miners quote around the fundamental
  // (or [market] reference_price) and the campaign pays them.
  const std::vector<std::string> alone = {
      "background.noise.count=0", "background.value.count=0", "background.momentum.count=0",
      "background.market_makers.count=0", "background.takers.count=0",
      "background.liquidity.count=0",
      // and a constant volatility (ABIDES' oracle), whose moves stay inside the band
      "market.fundamental.volatility_of_volatility=0.0"};
  const analysis::RunData fundamental = run("quickstart", with(kHour, alone));
  CHECK(fundamental.miners[3].eligible_snapshots == 60);
  std::int64_t paid = 0;
  for (const auto& miner : fundamental.miners) paid += miner.reward_base_units;
  CHECK(paid > 0);
  const analysis::RunData reference =
      run("quickstart", with(with(kHour, alone), {"market.reference_price=3000"}));
  for (std::size_t row = 0; row < reference.snapshots.mid.size(); ++row) {
    CAPTURE(row);
    CHECK(reference.snapshots.mid[row] == Approx(3000.0).epsilon(0.02));
  }
}
