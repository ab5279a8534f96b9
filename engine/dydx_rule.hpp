#pragma once

#include <optional>
#include <vector>

#include "engine/scoring_rule.hpp"

namespace lmsim::engine {

/// The published versions of dYdX's final liquidity-provider score (SCORING.md §2).
enum class DydxVersion : std::uint8_t {
  kLaunch,   ///< Aug 2021: Q_epoch × uptime^5
  kJan2022,  ///< Q_epoch × uptime^5 × stake^0.5
  kDip11,    ///< May 2022: Q^0.35 × uptime^5 × stake^0.2 × makerVolume^0.45
  kDip15,    ///< Sep 2022: BTC/ETH Q^0.15 · stake^0.05 · vol^0.8; others Q^0.35 · stake^0.05 ·
             ///< vol^0.6
  kDip19,    ///< Dec 2022: BTC/ETH Q^0.15 · vol^0.85; others Q^0.35 · vol^0.65 (× uptime^5)
};

/// Which of a version's two sets of parameters applies (DIP-15 and DIP-19 gave BTC and ETH
/// markets their own exponents; the program's initial MaxSpread was 20 bps there, 40 elsewhere).
enum class DydxTier : std::uint8_t { kOther, kBtcEth };

/// Where the distance of an order from the mid is measured from.
enum class DydxMid : std::uint8_t {
  kSnapshot,       ///< the snapshot's mid (the book's, or the mid_price column of lmsim score)
  kAboveMinDepth,  ///< the mean of the best bid and ask among the snapshot's orders with depth
                   ///< above min_depth (the published rule when the orders are the whole book)
};

/// The parameters of the dYdX liquidity-provider rule. Depths are quote-currency notionals
/// (price × amount); max_spread is a quote-currency distance from the mid.
struct DydxParams {
  double min_depth = 1000.0;         ///< orders with depth ≤ it are excluded; ≥ 0
  std::optional<double> max_spread;  ///< orders with |p − m| ≥ it are excluded; > 0; unset:
                                     ///< 40 bps of the mid (20 bps for market_tier btc_eth)
  DydxVersion version = DydxVersion::kLaunch;
  DydxTier market_tier = DydxTier::kOther;
  DydxMid mid = DydxMid::kSnapshot;
  double uptime_exponent = 5.0;                 ///< ≥ 0
  std::optional<double> depth_exponent;         ///< ≥ 0; unset: the version's
  std::optional<double> stake_exponent;         ///< ≥ 0; unset: the version's
  std::optional<double> maker_volume_exponent;  ///< ≥ 0; unset: the version's
};

/// The exponents a final score uses: a version's published ones, each replaced by its key when
/// the key is set.
struct DydxExponents {
  double depth = 1.0;
  double uptime = 5.0;
  double stake = 0.0;
  double maker_volume = 0.0;
};

/// The exponents of `params` (its version and tier, overridden by the keys that are set).
DydxExponents dydx_exponents(const DydxParams& params);

/// The registered kind "dydx": its keys live in `[campaign.dydx]`.
RuleKind dydx_rule_kind();

/// dYdX's liquidity-provider rewards (2021–2023; SCORING.md §2), paid at the end of each epoch:
/// - an order's depth is price × amount (quote currency) and its distance d = |p − m| from the
///   mid m (see DydxMid); it is eligible iff depth > min_depth and 0 < d < max_spread (the
///   published strict inequalities; an order exactly at the mid has no finite score and is
///   left out);
/// - an eligible order scores depth / (d / m) — the spread in Q = depth / spread is a fraction
///   of the mid, as the published example's numbers show (29,900 / (100 / 30,000) = 8,970,000);
/// - a miner's Q_bid and Q_ask are its side weights; its snapshot score is
///   Q_min = min(Q_bid, Q_ask), so one-sided quoting scores 0;
/// - at the epoch's end, a miner with Q_epoch = Σ Q_min > 0 has the final score
///   Q_epoch^a × uptime^u × stake^b × makerVolume^c, uptime the fraction of the epoch's
///   snapshots with Q_min > 0 (as a count it gives the same shares), stake its stake (every
///   miner's is 1 unless given: then the factor is the same for all and drops out) and
///   makerVolume the quote notional of its maker fills in the epoch; others score 0.
class DydxRule final : public ScoringRule {
 public:
  explicit DydxRule(const DydxParams& params);

  void weigh(const Snapshot& snapshot, MinerWeights& weights) override;
  std::span<const double> last_order_weights() const override {
    return {order_weight_.data(), last_size_};
  }
  double bid_share() const override { return 0.5; }
  std::optional<std::string> creation_times_needed_by() const override { return std::nullopt; }
  Payout payout() const override { return Payout::kEpochEnd; }
  void snapshot_scores(const MinerWeights& weights, std::span<const MinerId> miners,
                       std::span<double> scores) const override;
  double final_score(const EpochActivity& activity) const override;

  /// The mid the last `weigh` measured distances from.
  double last_mid() const { return last_mid_; }

 private:
  DydxParams params_;
  DydxExponents exponents_;
  std::vector<double> order_weight_;
  std::size_t last_size_ = 0;
  double last_mid_ = 0.0;
};

}  // namespace lmsim::engine
