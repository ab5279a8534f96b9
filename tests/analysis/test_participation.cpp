#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "analysis/participation.hpp"

using namespace lmsim::analysis;

TEST_CASE("summarise_participation: depth, quoting miners and yields by hand", "[participation]") {
  RunData run;
  run.miners.resize(2);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  run.snapshots.mid = {100.0, nan, 101.0};
  auto& m = run.snapshot_miner;
  m.eligible_amount_bid = {3, 2, {1.0, 0.0, 9.0, 9.0, 2.0, 0.5}};
  m.eligible_amount_ask = {3, 2, {1.0, 0.0, 9.0, 9.0, 0.0, 0.0}};
  // Miner 1 leaves at t = 10, miner 0 and 1 decide at t = 20 (miner 1 comes back).
  DecisionSeries& d = run.decisions;
  d.time = {10, 20, 20};
  d.miner = {1, 0, 1};
  d.active = {0, 1, 1};
  d.size_scale = {1, 1, 1};
  d.spread = {nan, nan, nan};
  d.expected_yield = {0.05, 0.30, 0.20};
  d.realised_yield = {0.01, 0.40, 0.10};

  const ParticipationSummary s = summarise_participation(run);
  // The snapshot without a mid is left out: depth (2 + 2.5) / 2, quoting miners (1 + 2) / 2.
  CHECK(s.mean_eligible_depth == Approx(2.25));
  CHECK(s.mean_eligible_miners == Approx(1.5));
  CHECK(s.review_time == std::vector<lmsim::engine::Nanos>{10, 20});
  CHECK(s.active_miners == std::vector<std::int64_t>{1, 2});
  // Medians over the two quoting at the end: (0.40 + 0.10) / 2 and (0.30 + 0.20) / 2.
  CHECK(s.final_realised_yield == Approx(0.25));
  CHECK(s.going_expected_yield == Approx(0.25));
  CHECK(s.final_quoting == 2);
  CHECK(s.economic_miners == 2);

  // Nobody quoting at the end: no yield to report.
  d.active = {0, 0, 0};
  const ParticipationSummary out = summarise_participation(run);
  CHECK(out.active_miners == std::vector<std::int64_t>{1, 0});
  CHECK(std::isnan(out.final_realised_yield));
  CHECK(out.final_quoting == 0);
}
