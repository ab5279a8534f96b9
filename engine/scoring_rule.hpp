#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "engine/miner_weights.hpp"
#include "engine/registry.hpp"
#include "engine/snapshot.hpp"

namespace lmsim::engine {

/// When a rule's money is paid.
enum class Payout : std::uint8_t {
  /// At every snapshot: the slot's bid and ask pools are shared by the miners' side weights
  /// (Hummingbot's rule, size_only, uniform). What no one is eligible for rolls over.
  kPerSnapshot,
  /// At the end of each epoch: every snapshot gives each miner a score (snapshot_scores), the
  /// ledger sums them over the epoch and counts the miner's maker volume, and when the epoch
  /// closes its whole budget is shared in proportion to the miners' final scores (final_score)
  /// (dYdX, Polymarket). What no one earned is the epoch's unallocated remainder.
  kEpochEnd,
};

/// What an epoch-end rule knows of one miner when the epoch closes.
struct EpochActivity {
  double score = 0.0;                 ///< Σ of its snapshot scores over the epoch's snapshots
  std::int64_t scored_snapshots = 0;  ///< snapshots in which its snapshot score was > 0
  std::int64_t snapshots = 0;         ///< snapshots of the epoch in its market (same for all)
  double maker_volume = 0.0;  ///< quote currency: Σ price · amount of its maker fills in the epoch
  double stake = 1.0;         ///< its stake (1 for every miner unless the ledger was given stakes)

  /// scored_snapshots / snapshots, in [0, 1]; 0 for an epoch without snapshots.
  double uptime() const {
    return snapshots > 0 ? static_cast<double>(scored_snapshots) / static_cast<double>(snapshots)
                         : 0.0;
  }
};

/// The seam between a campaign's reward rule and the money: a rule turns the orders resting at
/// one snapshot into per-miner weights on each side; the `RewardLedger` then pays them, as
/// `payout()` says: each snapshot's side pools in proportion to the side weights, or the epoch's
/// budget at its end in proportion to final scores built from the snapshots. A rule keeps no
/// state between snapshots that changes its answers (the epoch's sums live in the ledger), so
/// the same snapshot always weighs the same.
class ScoringRule {
 public:
  virtual ~ScoringRule() = default;

  /// Adds every miner's weight for `snapshot` to `weights` (which the caller has cleared) and
  /// calls `weights.finish()`. Miners with no eligible order keep weight zero.
  virtual void weigh(const Snapshot& snapshot, MinerWeights& weights) = 0;

  /// The weight of each order of the last `weigh` call (0 = ineligible), in order-table order.
  /// A miner's side weight is usually the sum of its orders' weights; a rule that weighs
  /// miners rather than orders (uniform) says so and gives its eligible orders weight 1.
  virtual std::span<const double> last_order_weights() const = 0;

  /// The fraction of every slot's pool paid to the bid side (the rest goes to asks), in [0, 1].
  /// Read by per-snapshot rules' ledgers only.
  virtual double bid_share() const = 0;

  /// The key that makes weighing need each order's creation time (OrderColumns::created), e.g.
  /// a maximum order age; nullopt when creation times are not needed.
  virtual std::optional<std::string> creation_times_needed_by() const = 0;

  /// When the rule's money is paid (per-snapshot unless a rule says otherwise).
  virtual Payout payout() const { return Payout::kPerSnapshot; }

  /// Epoch-end rules: writes into `scores[i]` the score (finite, ≥ 0) that miner `miners[i]`
  /// earns at the snapshot of the last `weigh` call, from its side weights in `weights` as that
  /// call left them. `miners` lists, in increasing id order, every miner with a positive weight
  /// on either side. Per-snapshot rules are never asked.
  virtual void snapshot_scores(const MinerWeights& weights, std::span<const MinerId> miners,
                               std::span<double> scores) const;

  /// Epoch-end rules: a miner's final score for an epoch (finite, ≥ 0; 0 earns nothing); the
  /// epoch's budget is shared in proportion to the final scores. Per-snapshot rules are never
  /// asked.
  virtual double final_score(const EpochActivity& activity) const;
};

/// What a rule is built from besides its parameters (nothing yet; the seam for rules that will
/// need the campaign's markets or timing).
struct RuleContext {};

/// A rule chosen by name with its parameters set, as a campaign holds it.
using RuleConfig = Configured<ScoringRule, RuleContext>;
/// A registered rule.
using RuleKind = Kind<ScoringRule, RuleContext>;
/// The rules a campaign may name.
using RuleRegistry = Registry<ScoringRule, RuleContext>;

/// The rules lmsim ships (rules.cpp registers each, one line a rule), in the order the docs list
/// them. Loaders take a registry, so a program (or a test) can add its own rules to a copy.
const RuleRegistry& builtin_rules();

/// A rule of `registry` with its default parameters; throws std::invalid_argument for an
/// unknown name.
std::unique_ptr<RuleConfig> configure_rule(std::string_view name,
                                           const RuleRegistry& registry = builtin_rules());

}  // namespace lmsim::engine
