#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/campaign.hpp"
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
/// over, as a slot without a snapshot does.
class CampaignScorer {
 public:
  /// `miner_count` sizes the per-miner results (ids 0 … miner_count − 1).
  CampaignScorer(engine::Campaign campaign, std::size_t miner_count);

  /// Scores a snapshot of `market` (an index into the campaign's markets) at `snapshot.time`;
  /// `snapshot.mid` NaN means the book had no mid. Snapshots of one market must come in slot
  /// order (RewardLedger::score).
  const ScoredSnapshot& score(std::size_t market, const engine::Snapshot& snapshot);

  /// Pays out what no snapshot took and closes every epoch (RewardLedger::close).
  void close() { ledger_.close(); }

  const engine::RewardLedger& ledger() const { return ledger_; }
  const engine::Campaign& campaign() const { return ledger_.campaign(); }
  /// The rule's name ("hummingbot", …).
  std::string_view rule_name() const { return campaign().scoring_rule().name(); }

 private:
  engine::RewardLedger ledger_;
  std::array<std::vector<double>, engine::kSideCount> eligible_amount_;
  std::array<std::vector<double>, engine::kSideCount> best_spread_;
  ScoredSnapshot scored_;
};

}  // namespace lmsim::sim
