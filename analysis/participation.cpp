#include "analysis/participation.hpp"

#include "analysis/sample_statistics.hpp"
#include "engine/not_a_number.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace lmsim::analysis {

ParticipationSummary summarise_participation(const RunData& run) {
  ParticipationSummary summary;
  const SnapshotMinerData& m = run.snapshot_miner;
  double depth = 0.0;
  double miners = 0.0;
  std::size_t counted = 0;
  for (std::size_t row = 0; row < m.eligible_amount_bid.rows; ++row) {
    if (!std::isfinite(run.snapshots.mid[row])) continue;
    ++counted;
    for (std::size_t miner = 0; miner < m.eligible_amount_bid.columns; ++miner) {
      const double size =
          m.eligible_amount_bid.at(row, miner) + m.eligible_amount_ask.at(row, miner);
      depth += size;
      miners += size > 0.0 ? 1.0 : 0.0;
    }
  }
  summary.mean_eligible_depth = counted > 0 ? depth / static_cast<double>(counted) : kNaN;
  summary.mean_eligible_miners = counted > 0 ? miners / static_cast<double>(counted) : kNaN;

  // Every miner starts in the market; each decision may change that.
  const DecisionSeries& d = run.decisions;
  std::vector<std::uint8_t> active(run.miners.size(), 1);
  std::vector<std::size_t> last(run.miners.size(), d.size());
  std::int64_t count = static_cast<std::int64_t>(run.miners.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    const std::uint32_t miner = d.miner[i];
    if (miner >= active.size()) continue;
    count += static_cast<std::int64_t>(d.active[i]) - static_cast<std::int64_t>(active[miner]);
    active[miner] = d.active[i];
    last[miner] = i;
    if (!summary.review_time.empty() && summary.review_time.back() == d.time[i]) {
      summary.active_miners.back() = count;
    } else {
      summary.review_time.push_back(d.time[i]);
      summary.active_miners.push_back(count);
    }
  }
  std::vector<double> realised;
  std::vector<double> expected;
  for (const std::size_t i : last) {
    if (i >= d.size()) continue;
    ++summary.economic_miners;
    if (d.active[i] == 0) continue;
    realised.push_back(d.realised_yield[i]);
    expected.push_back(d.expected_yield[i]);
  }
  summary.final_quoting = realised.size();
  summary.final_realised_yield = median(std::move(realised));
  summary.going_expected_yield = median(std::move(expected));
  return summary;
}

}  // namespace lmsim::analysis
