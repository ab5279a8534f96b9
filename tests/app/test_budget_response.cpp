#include <catch2/catch.hpp>

#include "analysis/participation.hpp"
#include "sim/app/simulate.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"

using namespace lmsim;
using namespace lmsim::sim;

namespace {

analysis::ParticipationSummary run_at(double budget, int seed) {
  const Scenario scenario = io::load_scenario(
      test::source_path("scenarios/budget_response.toml"),
      {"campaign.markets[0].budget=" + std::to_string(budget), "sim.seed=" + std::to_string(seed)});
  app::SimulateOptions options;
  options.baseline = false;
  return analysis::summarise_participation(app::simulate(scenario, options).run);
}

}  // namespace

TEST_CASE("Budget response: more budget buys more depth from more miners at a lower yield",
          "[economics]") {
  // The bundled study at ×0.25, ×1 and ×4 of its budget, at two seeds.
  for (const int seed : {11, 12}) {
    CAPTURE(seed);
    std::vector<analysis::ParticipationSummary> runs;
    for (const double budget : {50.0, 200.0, 800.0}) runs.push_back(run_at(budget, seed));
    for (std::size_t i = 1; i < runs.size(); ++i) {
      CAPTURE(i, runs[i].mean_eligible_depth, runs[i - 1].mean_eligible_depth);
      CHECK(runs[i].mean_eligible_depth > runs[i - 1].mean_eligible_depth);
      CHECK(runs[i].mean_eligible_miners > runs[i - 1].mean_eligible_miners);
    }
    // Miners that stay put would see their yield grow with the budget, 16-fold; entry shares the
    // larger reward among more of them, so the yield of those active grows far less.
    const double growth = runs[2].final_realised_yield / runs[0].final_realised_yield;
    CAPTURE(runs[0].final_realised_yield, runs[2].final_realised_yield);
    CHECK(growth > 0.0);
    CHECK(growth < 16.0);
    // While miners are left outside (×0.25, ×1), entry competes the yield of those quoting down
    // to what keeps the marginal miner in.
    for (std::size_t i = 0; i < 2; ++i) {
      CAPTURE(i, runs[i].final_realised_yield, runs[i].marginal_expected_yield);
      CHECK(runs[i].final_realised_yield == Approx(runs[i].marginal_expected_yield).epsilon(0.25));
    }
  }
}
