#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/participation.hpp"
#include "sim/app/simulate.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"

using namespace lmsim;
using namespace lmsim::sim;

namespace {

struct Study {
  analysis::ParticipationSummary summary;
  std::vector<double> reservations;  ///< every account's drawn reservation yield, ascending
};

Study run_at(double budget, int seed) {
  const Scenario scenario = io::load_scenario(
      test::source_path("scenarios/budget_response.toml"),
      {"campaign.markets[0].budget=" + std::to_string(budget), "sim.seed=" + std::to_string(seed)});
  app::SimulateOptions options;
  options.baseline = false;
  const app::SimulatedRun result = app::simulate(scenario, options);
  Study study{analysis::summarise_participation(result.run), {}};
  const std::string key = "economics.reservation_yield = ";
  for (const analysis::MinerRecord& miner : result.run.miners) {
    const std::size_t at = miner.drawn.find(key);
    REQUIRE(at != std::string::npos);
    study.reservations.push_back(std::stod(miner.drawn.substr(at + key.size())));
  }
  std::sort(study.reservations.begin(), study.reservations.end());
  return study;
}

}  // namespace

TEST_CASE("Budget response: more budget buys more depth from more miners at a lower yield",
          "[economics]") {
  // The bundled study at ×0.25, ×1 and ×4 of its budget, at three seeds, on the realistic
  // market: miners are filled there, so their yields carry their trading results.
  for (const int seed : {11, 12, 13}) {
    CAPTURE(seed);
    std::vector<Study> runs;
    for (const double budget : {50.0, 200.0, 800.0}) runs.push_back(run_at(budget, seed));
    for (std::size_t i = 1; i < runs.size(); ++i) {
      const analysis::ParticipationSummary& more = runs[i].summary;
      const analysis::ParticipationSummary& less = runs[i - 1].summary;
      CAPTURE(i, more.mean_eligible_depth, less.mean_eligible_depth);
      CHECK(more.mean_eligible_depth > less.mean_eligible_depth);
      CHECK(more.mean_eligible_miners > less.mean_eligible_miners);
      CHECK(more.final_quoting > less.final_quoting);
    }
    // Miners that stay put would see their yield grow with the budget, 16-fold; entry shares the
    // larger reward among more of them, so the yield of those active grows far less.
    const double growth =
        runs[2].summary.final_realised_yield / runs[0].summary.final_realised_yield;
    CAPTURE(runs[0].summary.final_realised_yield, runs[2].summary.final_realised_yield);
    CHECK(growth > 0.0);
    CHECK(growth < 16.0);
    // Free entry: while miners are left outside (×0.25, ×1), the yield of those quoting — what
    // they realised and what they expect — is competed down to the reservation yield of the
    // marginal miner, the k-th cheapest of the population when k quote.
    for (std::size_t i = 0; i < 2; ++i) {
      const analysis::ParticipationSummary& s = runs[i].summary;
      const std::vector<double>& reservation = runs[i].reservations;
      REQUIRE(s.final_quoting > 0);
      REQUIRE(s.final_quoting < reservation.size());
      const double marginal = reservation[s.final_quoting - 1];
      CAPTURE(i, s.final_quoting, marginal, s.final_realised_yield, s.going_expected_yield);
      CHECK(s.final_realised_yield == Approx(marginal).epsilon(0.15));
      CHECK(s.going_expected_yield == Approx(marginal).epsilon(0.15));
    }
  }
}
