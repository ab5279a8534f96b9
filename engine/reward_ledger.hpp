#pragma once

#include <array>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "engine/campaign.hpp"
#include "engine/largest_remainder.hpp"
#include "engine/miner_fill.hpp"
#include "engine/miner_weights.hpp"
#include "engine/money.hpp"
#include "engine/scoring_rule.hpp"
#include "engine/snapshot.hpp"

namespace lmsim::engine {

/// The money of one side of one snapshot: the pool it had (this slot's share of the side budget
/// plus whatever earlier slots rolled over), what was paid out and what rolled on. Exactly one of
/// `allocated` and `rolled_over` is non-zero unless the pool itself is zero. Under a rule paid at
/// the epoch's end a snapshot has no pool: all three are zero (the epoch pays when it closes).
struct SidePool {
  BaseUnits pool = 0;
  BaseUnits allocated = 0;
  BaseUnits rolled_over = 0;
};

/// One miner's part in one snapshot: its weight and reward on each side (indexed by Side). Under
/// a rule paid at the epoch's end the rewards are zero and `score` is its snapshot score.
struct MinerAward {
  MinerId miner = 0;
  std::array<double, kSideCount> weight{};
  std::array<BaseUnits, kSideCount> reward{};
  double score = 0.0;  ///< epoch-end rules: the snapshot score the epoch sums; 0 otherwise
};

/// What scoring one snapshot did: where it fell, the two side pools and the miners it paid.
/// `miners` lists every miner with positive weight on either side, in increasing id order; it is
/// a view into the ledger and stays valid until the next call to `score`.
struct SnapshotAward {
  std::size_t market = 0;
  std::int64_t slot = 0;
  int epoch = 0;
  Nanos time = 0;
  std::array<SidePool, kSideCount> sides{};
  std::span<const MinerAward> miners;
};

/// Money totals of one market in one epoch. Once the epoch is closed,
/// allocated + unallocated == budget holds exactly (the ledger checks it).
struct EpochTotals {
  BaseUnits budget = 0;
  BaseUnits allocated = 0;
  BaseUnits unallocated = 0;
  bool closed = false;
};

/// One miner's running totals in one market: rewards per side, the number of snapshots in which
/// it had an eligible order (on either side, and per side) and its summed weights. A rule paid at
/// the epoch's end pays a miner one amount per epoch, not per side: half of it (rounded down) is
/// counted on the bid side and the rest on the ask side, so that bid + ask is the total.
struct MinerTotals {
  std::array<BaseUnits, kSideCount> reward{};
  std::array<double, kSideCount> weight{};
  std::array<std::int64_t, kSideCount> eligible_side_snapshots{};
  std::int64_t eligible_snapshots = 0;

  BaseUnits total_reward() const { return reward[0] + reward[1]; }
};

/// The exact reward accounting of a campaign, for rules paid every snapshot and rules paid at
/// the end of each epoch (ScoringRule::payout).
///
/// Per-snapshot rules: each market's epoch budget is spread over its slots with `even_share`;
/// each slot's pool is split between bid and ask by `bid_share` (cumulatively, so the bid side
/// of a whole epoch gets floor(budget·bid_share) and no slot is systematically favoured); a side
/// with no eligible weight rolls its pool into the same side of the market's next slot, and
/// whatever is still carried when an epoch ends is that epoch's `unallocated`. Slots without a
/// snapshot roll over like snapshots with no eligible order.
///
/// Epoch-end rules: every snapshot adds each miner's snapshot score to its epoch sum (and
/// counts the snapshots where it was positive); `record_fill` adds each maker fill's notional to
/// its epoch's maker volume. When the epoch closes — at the first snapshot of a later slot of the
/// market, or at `close()`, so that fills up to the epoch's end still count — each miner's final
/// score is taken from the rule and the whole epoch budget is shared in proportion with largest
/// remainders; with no positive final score, the budget is the epoch's `unallocated`.
///
/// Either way, allocated + unallocated == budget exactly for every closed epoch (checked).
/// Snapshots of one market must arrive in strictly increasing slot order; markets are
/// independent.
class RewardLedger {
 public:
  explicit RewardLedger(Campaign campaign);

  /// Scores one snapshot of `market` (an index into campaign().markets). Throws
  /// std::invalid_argument when its time lies outside the campaign or its slot is not later than
  /// the market's previous snapshot, or when the ledger is closed.
  const SnapshotAward& score(std::size_t market, const Snapshot& snapshot);

  /// Records a fill of a miner's order in `market`. Under an epoch-end rule, a maker fill adds
  /// price · amount to the miner's maker volume in the epoch containing `fill.time`; taker
  /// fills, fills outside the campaign's epochs and every fill under a per-snapshot rule change
  /// nothing. Throws std::invalid_argument for an unknown market, a price or amount that is not
  /// finite and > 0, a fill of an epoch already closed, or after close().
  void record_fill(std::size_t market, const MinerFill& fill);

  /// Sets each miner's stake (indexed by MinerId; a miner past the end has stake 1), read by
  /// epoch-end rules that weigh stake. Stakes must be finite and ≥ 0 (std::invalid_argument).
  void set_stakes(std::span<const double> stakes);

  /// Rolls every slot not yet scored through to the end of the last epoch and closes all epochs.
  /// Calling it again does nothing.
  void close();

  const Campaign& campaign() const { return campaign_; }
  /// When the rule pays (ScoringRule::payout).
  Payout payout() const { return payout_; }
  /// Each order's weight in the last scored snapshot (0 = ineligible), in its order-table order.
  std::span<const double> last_order_weights() const { return rule_->last_order_weights(); }
  bool closed() const { return closed_; }
  const EpochTotals& epoch_totals(std::size_t market, int epoch) const;
  /// Totals per miner id (miners never seen in `market` have all-zero totals or lie past the end).
  std::span<const MinerTotals> miner_totals(std::size_t market) const;

 private:
  struct MarketState {
    std::int64_t next_slot = 0;  ///< first slot not yet scored or rolled over
    std::array<BaseUnits, kSideCount> carry{};
    std::vector<EpochTotals> epochs;
    std::vector<MinerTotals> miners;
    // Epoch-end rules: the open epoch's sums per miner id, and maker volume per epoch (fills may
    // run ahead of the snapshots into later epochs; an ordered map keeps closing deterministic).
    std::vector<EpochActivity> activity;
    std::int64_t epoch_snapshots = 0;
    std::map<std::int64_t, std::vector<double>> maker_volume;
  };

  void roll_empty_slots(std::size_t market, std::int64_t until_slot);
  void close_epoch_if_done(MarketState& state, std::size_t market);
  void pay_epoch(MarketState& state, std::size_t market, std::int64_t epoch, EpochTotals& totals);
  void add_snapshot_scores(MarketState& state);
  std::array<BaseUnits, kSideCount> side_pools(std::int64_t first_slot, std::int64_t end_slot,
                                               BaseUnits budget) const;
  void pay_side(Side side, BaseUnits pool, MarketState& state);
  void collect_awards(MarketState& state);

  Campaign campaign_;
  std::unique_ptr<ScoringRule> rule_;
  Payout payout_ = Payout::kPerSnapshot;
  std::vector<MarketState> markets_;
  std::vector<double> stakes_;
  bool closed_ = false;

  // Per-snapshot scratch, reused so that scoring allocates nothing once warmed up.
  MinerWeights weights_;
  LargestRemainder apportioner_;
  std::array<std::vector<double>, kSideCount> side_weight_;  ///< parallel to weights_.miners()
  std::array<std::vector<BaseUnits>, kSideCount> side_share_;
  std::vector<MinerAward> awards_;
  std::vector<MinerId> scored_miners_;  ///< epoch-end rules: awards_' miners
  std::vector<double> scores_;          ///< epoch-end rules: their snapshot or final scores
  std::vector<BaseUnits> epoch_shares_;
  SnapshotAward last_award_;
};

}  // namespace lmsim::engine
