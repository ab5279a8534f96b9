#pragma once

#include <vector>

#include <optional>

#include "engine/scoring_rule.hpp"
#include "engine/time.hpp"

namespace lmsim::engine {

/// The parameters of the Hummingbot liquidity-mining rule (SCORING.md §1). Spreads are fractions
/// of the mid (0.01 = 1%); amounts are in base-asset units.
struct HummingbotParams {
  double max_spread = 0.01;       ///< s_max: orders with |p − m|/m above it earn nothing; > 0
  double spread_factor = 2.0;     ///< λ in ρ(s) = exp(−λ·s/s_max); ≥ 0 (0 = size only)
  double bid_share = 0.5;         ///< fraction of every slot's pool paid to bids; in [0, 1]
  double min_order_amount = 0.0;  ///< smaller orders are ineligible; ≥ 0
  std::optional<Nanos> max_order_age;  ///< orders this old or older are ineligible; unset = off
};

/// The registered kind "hummingbot": its keys (max_spread is required) live in `[campaign]`.
RuleKind hummingbot_rule_kind();

/// Hummingbot's rule configured with `params` (what tests and programs building a campaign in
/// code use).
std::shared_ptr<const RuleConfig> hummingbot_rule(const HummingbotParams& params);

/// Hummingbot's liquidity-mining rule (SCORING.md §1, whitepaper Eqs. 4–8):
/// - spread s = |price − mid| / mid, computed in double exactly as written;
/// - an order is eligible iff s ≤ max_spread, amount ≥ min_order_amount and, when max_order_age
///   is set, snapshot time − created < max_order_age ("outstanding for less than 30 minutes");
/// - an eligible order weighs amount · ρ(s) with ρ(s) = exp(−spread_factor · s / max_spread);
/// - a miner's weight on a side is the sum of its eligible orders' weights there.
/// The per-order weights come from the vectorised kernel of hummingbot_kernel.hpp (Eigen's SIMD
/// exp; four orders at a time on CPUs with AVX2, with the same bits) into buffers that grow only
/// when a larger snapshot arrives.
class HummingbotRule final : public ScoringRule {
 public:
  explicit HummingbotRule(const HummingbotParams& params);

  void weigh(const Snapshot& snapshot, MinerWeights& weights) override;

  /// ρ(s) for one spread (0 beyond max_spread), bit-identical to the vectorised kernel.
  double spread_weight(double spread) const;

  std::span<const double> last_order_weights() const override {
    return {order_weight_.data(), last_size_};
  }
  double bid_share() const override { return params_.bid_share; }
  std::optional<std::string> creation_times_needed_by() const override {
    if (!params_.max_order_age) return std::nullopt;
    return "max_order_age";
  }

 private:
  HummingbotParams params_;
  std::vector<double> spread_;
  std::vector<double> order_weight_;
  std::size_t last_size_ = 0;
};

}  // namespace lmsim::engine
