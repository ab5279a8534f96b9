#pragma once

#include <vector>

#include "engine/campaign.hpp"
#include "engine/scoring_rule.hpp"

namespace lmsim::engine {

/// Hummingbot's liquidity-mining rule (SCORING.md §1, whitepaper Eqs. 4–8):
/// - spread s = |price − mid| / mid, computed in double exactly as written;
/// - an order is eligible iff s ≤ max_spread, amount ≥ min_order_amount and, when max_order_age
///   is set, snapshot time − created < max_order_age ("outstanding for less than 30 minutes");
/// - an eligible order weighs amount · ρ(s) with ρ(s) = exp(−spread_factor · s / max_spread);
/// - a miner's weight on a side is the sum of its eligible orders' weights there.
/// The per-order weights are computed with vectorised Eigen expressions over the order columns
/// into buffers that grow only when a larger snapshot arrives.
class HummingbotRule final : public ScoringRule {
 public:
  explicit HummingbotRule(const RuleParams& params);

  void weigh(const Snapshot& snapshot, MinerWeights& weights) override;

  /// ρ(s) for one spread (0 beyond max_spread), bit-identical to the vectorised kernel.
  double spread_weight(double spread) const;

  std::span<const double> last_order_weights() const override {
    return {order_weight_.data(), last_size_};
  }

 private:
  RuleParams params_;
  std::vector<double> spread_;
  std::vector<double> order_weight_;
  std::size_t last_size_ = 0;
};

}  // namespace lmsim::engine
