#pragma once

#include <memory>
#include <span>

#include "engine/campaign.hpp"
#include "engine/miner_weights.hpp"
#include "engine/snapshot.hpp"

namespace lmsim::engine {

/// The seam between a campaign's reward rule and the money: a rule turns the orders resting at
/// one snapshot into per-miner weights on each side; the `RewardLedger` then shares each side's
/// pool in proportion to those weights. A rule is pure (no state between snapshots that changes
/// its answers), so the same snapshot always weighs the same.
class ScoringRule {
 public:
  virtual ~ScoringRule() = default;

  /// Adds every miner's weight for `snapshot` to `weights` (which the caller has cleared) and
  /// calls `weights.finish()`. Miners with no eligible order keep weight zero.
  virtual void weigh(const Snapshot& snapshot, MinerWeights& weights) = 0;

  /// The weight of each order of the last `weigh` call (0 = ineligible), in order-table order.
  virtual std::span<const double> last_order_weights() const = 0;
};

/// Builds the rule a campaign names, configured with its parameters.
std::unique_ptr<ScoringRule> make_scoring_rule(const Campaign& campaign);

}  // namespace lmsim::engine
