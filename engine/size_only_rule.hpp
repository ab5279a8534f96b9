#pragma once

#include <vector>

#include <string>

#include "engine/param_spec.hpp"
#include "engine/scoring_rule.hpp"

namespace lmsim::engine {

/// The parameters of the size-only control rule. Spreads are fractions of the mid (0.01 = 1%);
/// amounts are in base-asset units.
struct SizeOnlyParams {
  double max_spread = 0.01;       ///< orders with |p − m|/m above it earn nothing; in (0, 1]
  double bid_share = 0.5;         ///< fraction of every slot's pool paid to bids; in [0, 1]
  double min_order_amount = 0.0;  ///< smaller orders are ineligible; ≥ 0
};

/// Adds the keys of SizeOnlyParams, which the uniform control shares, to `spec`; `max_spread_doc`
/// says what happens to an order beyond max_spread under the rule.
void add_control_rule_keys(ParamSpec<SizeOnlyParams>& spec, const std::string& max_spread_doc);

/// The registered kind "size_only": its keys live in `[campaign.size_only]`.
RuleKind size_only_rule_kind();

/// A control rule for fairness comparisons (SCORING.md §2): Hummingbot's eligibility and
/// per-snapshot payment without the spread weighting.
/// - spread s = |price − mid| / mid; an order is eligible iff s ≤ max_spread and
///   amount ≥ min_order_amount;
/// - an eligible order weighs its amount; a miner's side weight is the sum over its eligible
///   orders there, and each side's pool is shared in proportion, every snapshot.
class SizeOnlyRule final : public ScoringRule {
 public:
  explicit SizeOnlyRule(const SizeOnlyParams& params);

  void weigh(const Snapshot& snapshot, MinerWeights& weights) override;
  std::span<const double> last_order_weights() const override {
    return {order_weight_.data(), last_size_};
  }
  double bid_share() const override { return params_.bid_share; }
  std::optional<std::string> creation_times_needed_by() const override { return std::nullopt; }

 private:
  SizeOnlyParams params_;
  std::vector<double> order_weight_;
  std::size_t last_size_ = 0;
};

}  // namespace lmsim::engine
