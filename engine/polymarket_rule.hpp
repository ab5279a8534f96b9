#pragma once

#include <optional>
#include <vector>

#include "engine/scoring_rule.hpp"

namespace lmsim::engine {

/// The parameters of the Polymarket liquidity-rewards rule. Spreads are absolute distances from
/// the mid in price units (quote currency per unit of base asset: cents of a dollar contract).
struct PolymarketParams {
  std::optional<double> max_spread;   ///< v: orders at s ≥ v score 0; > 0; unset: 1% of the mid
  double multiplier = 1.0;            ///< b in S(v, s) = ((v − s) / v)² · b; > 0
  double single_sided_divisor = 3.0;  ///< c: a one-sided miner scores max(Q) / c; ≥ 1
  std::vector<double> mid_band{0.10, 0.90};  ///< [low, high]: c applies only for a mid inside
  double min_size = 0.0;  ///< orders smaller than this (base asset) are ineligible; ≥ 0
};

/// The registered kind "polymarket": its keys live in `[campaign.polymarket]`.
RuleKind polymarket_rule_kind();

/// Polymarket's liquidity rewards (2022–, "inspired by dYdX"; SCORING.md §2), paid at the end of
/// each epoch:
/// - an order of size a ≥ min_size at distance s = |p − m| from the snapshot's mid m is
///   eligible iff s < v, and scores S(v, s) · a with S(v, s) = ((v − s) / v)² · b;
/// - a miner's Q_one (its bids: lmsim scores one book, not a pair of complementary ones) and
///   Q_two (its asks) are its side weights; its sample score is, when low ≤ m ≤ high of
///   mid_band, Q_min = max(min(Q_one, Q_two), max(Q_one, Q_two) / c) — one-sided quoting
///   scores a c-th — and outside the band Q_min = min(Q_one, Q_two);
/// - each sample is normalised across miners (Q_min / Σ Q_min), the normalised scores are
///   summed over the epoch's samples, and the epoch's budget is shared in proportion to the
///   sums (the second normalisation).
/// The published midpoint is "size-cutoff-adjusted"; lmsim uses the snapshot's mid.
class PolymarketRule final : public ScoringRule {
 public:
  explicit PolymarketRule(const PolymarketParams& params);

  void weigh(const Snapshot& snapshot, MinerWeights& weights) override;
  std::span<const double> last_order_weights() const override {
    return {order_weight_.data(), last_size_};
  }
  double bid_share() const override { return 0.5; }
  std::optional<std::string> creation_times_needed_by() const override { return std::nullopt; }
  Payout payout() const override { return Payout::kEpochEnd; }
  void snapshot_scores(const MinerWeights& weights, std::span<const MinerId> miners,
                       std::span<double> scores) const override;
  double final_score(const EpochActivity& activity) const override { return activity.score; }

  /// S(v, s) for one order distance s (0 at or beyond v).
  double order_score(double max_spread, double distance) const;
  /// A miner's Q_min from its two sides' scores, at a snapshot whose mid is `mid`.
  double two_sided_score(double q_one, double q_two, double mid) const;

 private:
  PolymarketParams params_;
  std::vector<double> order_weight_;
  std::size_t last_size_ = 0;
  double last_mid_ = 0.0;
};

}  // namespace lmsim::engine
