#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/campaign.hpp"
#include "engine/miner_fill.hpp"
#include "engine/reward_ledger.hpp"
#include "engine/snapshot.hpp"

namespace lmsim::sim {

/// What one snapshot scored, beyond the engine's award: per miner (engine id) the eligible size
/// on each side (base asset) and the spread of its tightest eligible order (fraction of the mid;
/// NaN when it had none), and how many miners had eligible weight on each side. The spans stay
/// valid until the scorer's next `score`.
struct ScoredSnapshot {
  const engine::SnapshotAward* award = nullptr;
  std::array<std::span<const double>, engine::kSideCount> eligible_amount;
  std::array<std::span<const double>, engine::kSideCount> best_spread;
  std::array<std::uint32_t, engine::kSideCount> eligible_miners{};
};

/// Scores a campaign over a stream of snapshots: owns the campaign's RewardLedger and turns each
/// snapshot into the award and what each miner had eligible. The simulator carries one per rule
/// scoring a run (the same market and orders scored by several rules), and `lmsim score` feeds
/// recorded snapshots through the same class, so both pay exactly alike.
///
/// A snapshot without a mid (a one-sided or empty book) has nothing eligible: its slot rolls
/// over, as a slot without a snapshot does (and counts as a snapshot of its epoch for a rule
/// paid at the epoch's end, at which no miner scored).
class CampaignScorer {
 public:
  /// `miner_count` sizes the per-miner results (ids 0 … miner_count − 1). `name` labels the
  /// scorer in results (the rule's name when empty).
  CampaignScorer(engine::Campaign campaign, std::size_t miner_count, std::string name = {});

  /// Scores a snapshot of `market` (an index into the campaign's markets) at `snapshot.time`;
  /// `snapshot.mid` NaN means the book had no mid. Snapshots of one market must come in slot
  /// order (RewardLedger::score).
  const ScoredSnapshot& score(std::size_t market, const engine::Snapshot& snapshot);

  /// A fill of a miner's order in `market` (engine ids): counted by rules that pay maker volume
  /// (RewardLedger::record_fill). Fills must come in time order with the snapshots.
  void on_miner_fill(std::size_t market, const engine::MinerFill& fill) {
    ledger_.record_fill(market, fill);
  }

  /// Each miner's stake by engine id (RewardLedger::set_stakes).
  void set_stakes(std::span<const double> stakes) { ledger_.set_stakes(stakes); }

  /// Pays out what no snapshot took and closes every epoch (RewardLedger::close).
  void close() { ledger_.close(); }

  const engine::RewardLedger& ledger() const { return ledger_; }
  const engine::Campaign& campaign() const { return ledger_.campaign(); }
  /// The rule's name ("hummingbot", …).
  std::string_view rule_name() const { return campaign().scoring_rule().name(); }
  /// The label of its results: the name it was given, else the rule's name.
  std::string_view name() const { return name_.empty() ? rule_name() : std::string_view(name_); }

 private:
  engine::RewardLedger ledger_;
  std::string name_;
  std::array<std::vector<double>, engine::kSideCount> eligible_amount_;
  std::array<std::vector<double>, engine::kSideCount> best_spread_;
  ScoredSnapshot scored_;
};

}  // namespace lmsim::sim
