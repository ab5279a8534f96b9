#pragma once

#include <cstdint>
#include <vector>

#include "analysis/run_data.hpp"

namespace lmsim::analysis {

/// What a campaign bought from miners that come for the reward (docs/economics.md): the depth
/// they kept eligible, how many quoted, and what those still quoting at the end earned.
struct ParticipationSummary {
  /// Eligible size of every miner, both sides, base asset, averaged over the snapshots with a
  /// mid (NaN without any).
  double mean_eligible_depth = 0.0;
  /// Miners with an eligible order on either side, averaged over the same snapshots.
  double mean_eligible_miners = 0.0;
  /// After each review time of the economic miners (time order): how many miners are in the
  /// market (every miner starts in it; miners without economics always are).
  std::vector<engine::Nanos> review_time;
  std::vector<std::int64_t> active_miners;
  /// Over the economic miners whose last decision was to quote: the median of the realised
  /// yield they measured then (annual, net of trading, over their lookback), and the median of
  /// the yield they expected (the going yield that keeps them in). Medians, because on a market
  /// that moves one miner's trading result, annualised over hours, can be ±0.3 a year: the mean
  /// and the smallest would follow a few miners' luck. NaN when none quotes.
  double final_realised_yield = 0.0;
  double going_expected_yield = 0.0;
  /// How many economic miners quote at the end (their last decision), and how many decided at all.
  std::size_t final_quoting = 0;
  std::size_t economic_miners = 0;
};

ParticipationSummary summarise_participation(const RunData& run);

}  // namespace lmsim::analysis
