#pragma once

#include <vector>

#include "engine/scoring_rule.hpp"
#include "engine/size_only_rule.hpp"

namespace lmsim::engine {

/// The parameters of the uniform control rule: size_only's (max_spread, bid_share,
/// min_order_amount), read from `[campaign.uniform]`.
using UniformParams = SizeOnlyParams;

/// The registered kind "uniform": its keys live in `[campaign.uniform]`.
RuleKind uniform_rule_kind();

/// A control rule for fairness comparisons (SCORING.md §2): every miner present pays the same.
/// - an order is eligible as under size_only (s ≤ max_spread, amount ≥ min_order_amount);
/// - "equal share" is per side: every miner with at least one eligible order on a side weighs
///   exactly 1 there, whatever its size, spread or number of orders, so the side's pool is split
///   equally among them (to the unit, by largest remainders); a miner on both sides takes a
///   share of each pool, one on one side only of that side's;
/// - last_order_weights gives each eligible order weight 1 (it marks eligibility; a miner's
///   weight is not the sum of its orders');
/// - paid every snapshot, with Hummingbot's rollover.
class UniformRule final : public ScoringRule {
 public:
  explicit UniformRule(const UniformParams& params);

  void weigh(const Snapshot& snapshot, MinerWeights& weights) override;
  std::span<const double> last_order_weights() const override {
    return {order_weight_.data(), last_size_};
  }
  double bid_share() const override { return params_.bid_share; }
  std::optional<std::string> creation_times_needed_by() const override { return std::nullopt; }

 private:
  UniformParams params_;
  std::vector<double> order_weight_;
  std::vector<double> miner_weight_;  ///< scratch: 1 for the order that counts a miner's side
  std::vector<std::uint8_t> seen_;    ///< scratch, per miner: bit side set once counted
  std::size_t last_size_ = 0;
};

}  // namespace lmsim::engine
