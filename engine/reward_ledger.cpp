#include "engine/reward_ledger.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace lmsim::engine {

RewardLedger::RewardLedger(Campaign campaign) : campaign_(std::move(campaign)) {
  validate(campaign_);
  rule_ = campaign_.make_rule();
  payout_ = rule_->payout();
  markets_.resize(campaign_.markets.size());
  for (std::size_t m = 0; m < markets_.size(); ++m) {
    markets_[m].epochs.assign(static_cast<std::size_t>(campaign_.epochs),
                              EpochTotals{campaign_.markets[m].budget_per_epoch, 0, 0, false});
  }
}

std::array<BaseUnits, kSideCount> RewardLedger::side_pools(std::int64_t first_slot,
                                                           std::int64_t end_slot,
                                                           BaseUnits budget) const {
  // Both slots lie in one epoch; pools are differences of cumulative shares, so a gap of any
  // length costs the same.
  const std::int64_t per_epoch = campaign_.slots_per_epoch();
  const std::int64_t epoch_first = (first_slot / per_epoch) * per_epoch;
  const BaseUnits before = cumulative_even_share(budget, per_epoch, first_slot - epoch_first);
  const BaseUnits through = cumulative_even_share(budget, per_epoch, end_slot - epoch_first);
  const double bid_share = rule_->bid_share();
  const BaseUnits bid = fraction_floor(through, bid_share) - fraction_floor(before, bid_share);
  return {bid, (through - before) - bid};
}

void RewardLedger::roll_empty_slots(std::size_t market, std::int64_t until_slot) {
  MarketState& state = markets_[market];
  // An epoch-end rule's epoch stays open after its last snapshot, for the fills up to its end;
  // the first snapshot of a later slot (or close()) closes it here.
  close_epoch_if_done(state, market);
  const std::int64_t per_epoch = campaign_.slots_per_epoch();
  const BaseUnits budget = campaign_.markets[market].budget_per_epoch;
  while (state.next_slot < until_slot) {
    const std::int64_t epoch_end = (state.next_slot / per_epoch + 1) * per_epoch;
    const std::int64_t end = std::min(until_slot, epoch_end);
    if (payout_ == Payout::kPerSnapshot) {
      const auto pools = side_pools(state.next_slot, end, budget);
      for (int side = 0; side < kSideCount; ++side) state.carry[side] += pools[side];
    }
    state.next_slot = end;
    close_epoch_if_done(state, market);
  }
}

void RewardLedger::close_epoch_if_done(MarketState& state, std::size_t market) {
  const std::int64_t per_epoch = campaign_.slots_per_epoch();
  if (state.next_slot == 0 || state.next_slot % per_epoch != 0) return;
  const std::int64_t epoch = state.next_slot / per_epoch - 1;
  EpochTotals& totals = state.epochs[static_cast<std::size_t>(epoch)];
  if (totals.closed) return;
  if (payout_ == Payout::kEpochEnd) {
    pay_epoch(state, market, epoch, totals);
  } else {
    totals.unallocated = state.carry[0] + state.carry[1];
    state.carry = {};
  }
  totals.closed = true;
  if (totals.allocated + totals.unallocated != totals.budget) {
    throw std::logic_error("RewardLedger: an epoch's allocations and remainder (" +
                           std::to_string(totals.allocated) + " + " +
                           std::to_string(totals.unallocated) + ") differ from its budget (" +
                           std::to_string(totals.budget) + ")");
  }
}

void RewardLedger::pay_epoch(MarketState& state, std::size_t market, std::int64_t epoch,
                             EpochTotals& totals) {
  // Every miner the epoch knows of: scored at a snapshot, or filled as a maker.
  std::vector<double> no_volume;
  const auto volume_entry = state.maker_volume.find(epoch);
  const std::vector<double>& volume =
      volume_entry == state.maker_volume.end() ? no_volume : volume_entry->second;
  const std::size_t known = std::max(state.activity.size(), volume.size());
  scored_miners_.clear();
  scores_.clear();
  for (std::size_t miner = 0; miner < known; ++miner) {
    EpochActivity activity =
        miner < state.activity.size() ? state.activity[miner] : EpochActivity{};
    activity.snapshots = state.epoch_snapshots;
    activity.maker_volume = miner < volume.size() ? volume[miner] : 0.0;
    activity.stake = miner < stakes_.size() ? stakes_[miner] : 1.0;
    const double score = rule_->final_score(activity);
    if (!std::isfinite(score) || score < 0.0) {
      throw std::logic_error("RewardLedger: the rule's final score of miner " +
                             std::to_string(miner) + " is not finite and >= 0");
    }
    if (score > 0.0) {
      scored_miners_.push_back(static_cast<MinerId>(miner));
      scores_.push_back(score);
    }
  }
  const BaseUnits budget = campaign_.markets[market].budget_per_epoch;
  if (scored_miners_.empty()) {
    totals.unallocated = budget;
  } else {
    epoch_shares_.resize(scored_miners_.size());
    apportioner_.apportion(budget, scored_miners_, scores_, epoch_shares_);
    if (state.miners.size() <= scored_miners_.back()) {
      state.miners.resize(std::size_t{scored_miners_.back()} + 1);
    }
    for (std::size_t i = 0; i < scored_miners_.size(); ++i) {
      // One amount per miner and epoch; half of it is booked on each side (MinerTotals).
      MinerTotals& miner = state.miners[scored_miners_[i]];
      const BaseUnits share = epoch_shares_[i];
      miner.reward[0] += share / 2;
      miner.reward[1] += share - share / 2;
    }
    totals.allocated = budget;
    totals.unallocated = 0;
  }
  state.activity.assign(state.activity.size(), EpochActivity{});
  state.epoch_snapshots = 0;
  if (volume_entry != state.maker_volume.end()) state.maker_volume.erase(volume_entry);
}

const SnapshotAward& RewardLedger::score(std::size_t market, const Snapshot& snapshot) {
  if (closed_) throw std::invalid_argument("RewardLedger: scoring after close()");
  if (market >= markets_.size()) throw std::invalid_argument("RewardLedger: unknown market");
  const auto slot = campaign_.slot_at(snapshot.time);
  if (!slot) throw std::invalid_argument("RewardLedger: snapshot outside the campaign's epochs");
  MarketState& state = markets_[market];
  if (*slot < state.next_slot) {
    throw std::invalid_argument("RewardLedger: snapshot slot " + std::to_string(*slot) +
                                " is not after the market's previous one");
  }
  roll_empty_slots(market, *slot);

  last_award_ = SnapshotAward{market, *slot, campaign_.epoch_of_slot(*slot), snapshot.time, {}, {}};
  weights_.clear();
  rule_->weigh(snapshot, weights_);
  if (payout_ == Payout::kPerSnapshot) {
    const BaseUnits budget = campaign_.markets[market].budget_per_epoch;
    const auto own_pools = side_pools(*slot, *slot + 1, budget);
    for (const Side side : {Side::kBid, Side::kAsk}) {
      const int s = side_index(side);
      pay_side(side, own_pools[s] + state.carry[s], state);
    }
  } else {
    for (const Side side : {Side::kBid, Side::kAsk}) {
      const int s = side_index(side);
      side_share_[s].assign(weights_.miners(side).size(), 0);
      auto& weights = side_weight_[s];
      weights.resize(weights_.miners(side).size());
      for (std::size_t i = 0; i < weights.size(); ++i) {
        weights[i] = weights_.weight(side, weights_.miners(side)[i]);
      }
    }
  }
  collect_awards(state);
  if (payout_ == Payout::kEpochEnd) add_snapshot_scores(state);
  state.next_slot = *slot + 1;
  // A per-snapshot rule's epoch is done with its last slot; an epoch-end rule's waits for the
  // fills up to the epoch's end (roll_empty_slots closes it).
  if (payout_ == Payout::kPerSnapshot) close_epoch_if_done(state, market);
  return last_award_;
}

void RewardLedger::add_snapshot_scores(MarketState& state) {
  ++state.epoch_snapshots;
  scored_miners_.clear();
  for (const MinerAward& award : awards_) scored_miners_.push_back(award.miner);
  scores_.resize(scored_miners_.size());
  rule_->snapshot_scores(weights_, scored_miners_, scores_);
  if (!scored_miners_.empty() && state.activity.size() <= scored_miners_.back()) {
    state.activity.resize(std::size_t{scored_miners_.back()} + 1);
  }
  for (std::size_t i = 0; i < scored_miners_.size(); ++i) {
    const double score = scores_[i];
    if (!std::isfinite(score) || score < 0.0) {
      throw std::logic_error("RewardLedger: the rule's snapshot score of miner " +
                             std::to_string(scored_miners_[i]) + " is not finite and >= 0");
    }
    EpochActivity& activity = state.activity[scored_miners_[i]];
    activity.score += score;
    if (score > 0.0) ++activity.scored_snapshots;
    awards_[i].score = score;
  }
}

void RewardLedger::record_fill(std::size_t market, const MinerFill& fill) {
  if (closed_) throw std::invalid_argument("RewardLedger: a fill after close()");
  if (market >= markets_.size()) throw std::invalid_argument("RewardLedger: unknown market");
  if (!(std::isfinite(fill.price) && fill.price > 0.0 && std::isfinite(fill.amount) &&
        fill.amount > 0.0)) {
    throw std::invalid_argument("RewardLedger: a fill's price and amount must be finite and > 0");
  }
  if (payout_ != Payout::kEpochEnd || !fill.maker) return;
  const auto slot = campaign_.slot_at(fill.time);
  if (!slot) return;
  MarketState& state = markets_[market];
  const std::int64_t epoch = campaign_.epoch_of_slot(*slot);
  if (state.epochs[static_cast<std::size_t>(epoch)].closed) {
    throw std::invalid_argument("RewardLedger: a fill of epoch " + std::to_string(epoch) +
                                ", which is already closed");
  }
  std::vector<double>& volume = state.maker_volume[epoch];
  if (volume.size() <= fill.miner) volume.resize(std::size_t{fill.miner} + 1, 0.0);
  volume[fill.miner] += fill.notional();
}

void RewardLedger::set_stakes(std::span<const double> stakes) {
  for (const double stake : stakes) {
    if (!std::isfinite(stake) || stake < 0.0) {
      throw std::invalid_argument("RewardLedger: stakes must be finite and >= 0");
    }
  }
  stakes_.assign(stakes.begin(), stakes.end());
}

void RewardLedger::pay_side(Side side, BaseUnits pool, MarketState& state) {
  const int s = side_index(side);
  SidePool& result = last_award_.sides[s];
  result.pool = pool;
  const auto miners = weights_.miners(side);
  auto& shares = side_share_[s];
  shares.resize(miners.size());
  if (miners.empty()) {
    result.rolled_over = pool;
    state.carry[s] = pool;
    return;
  }
  auto& weights = side_weight_[s];
  weights.resize(miners.size());
  for (std::size_t i = 0; i < miners.size(); ++i) weights[i] = weights_.weight(side, miners[i]);
  apportioner_.apportion(pool, miners, weights, shares);
  result.allocated = pool;
  state.carry[s] = 0;
  state.epochs[static_cast<std::size_t>(last_award_.epoch)].allocated += pool;
}

void RewardLedger::collect_awards(MarketState& state) {
  // Both sides list their miners in increasing id order; merging them gives one award per miner.
  // The merge is written without branches on which side comes next (each miner's sides are as
  // good as random), and each award is added to the miner's totals as it is made.
  const auto bids = weights_.miners(Side::kBid);
  const auto asks = weights_.miners(Side::kAsk);
  const std::size_t bid_count = bids.size();
  const std::size_t ask_count = asks.size();
  awards_.resize(bid_count + ask_count);
  if (bid_count + ask_count == 0) {
    last_award_.miners = {};
    return;
  }
  const MinerId largest =
      std::max(bid_count > 0 ? bids.back() : MinerId{0}, ask_count > 0 ? asks.back() : MinerId{0});
  if (state.miners.size() <= largest) state.miners.resize(std::size_t{largest} + 1);
  // One id past any MinerId marks an exhausted side; the sides' arrays get one zero entry past
  // their end so that reading there needs no branch either.
  constexpr std::uint64_t kNone = std::uint64_t{1} << 32;
  for (int s = 0; s < kSideCount; ++s) {
    const std::size_t listed = s == 0 ? bid_count : ask_count;
    side_weight_[s].resize(listed + 1);
    side_weight_[s][listed] = 0.0;
    side_share_[s].resize(listed + 1);
    side_share_[s][listed] = 0;
  }
  const double* const weight[kSideCount] = {side_weight_[0].data(), side_weight_[1].data()};
  const BaseUnits* const share[kSideCount] = {side_share_[0].data(), side_share_[1].data()};
  MinerTotals* const totals = state.miners.data();
  std::size_t b = 0;
  std::size_t a = 0;
  std::size_t made = 0;
  while (b < bid_count || a < ask_count) {
    const std::uint64_t bid_id = b < bid_count ? std::uint64_t{bids[b]} : kNone;
    const std::uint64_t ask_id = a < ask_count ? std::uint64_t{asks[a]} : kNone;
    const bool take_bid = bid_id <= ask_id;
    const bool take_ask = ask_id <= bid_id;
    MinerAward& award = awards_[made++];
    award.miner = static_cast<MinerId>(std::min(bid_id, ask_id));
    award.weight = {take_bid ? weight[0][b] : 0.0, take_ask ? weight[1][a] : 0.0};
    award.reward = {take_bid ? share[0][b] : 0, take_ask ? share[1][a] : 0};
    award.score = 0.0;
    MinerTotals& miner = totals[award.miner];
    for (int s = 0; s < kSideCount; ++s) {
      miner.reward[s] += award.reward[s];
      miner.weight[s] += award.weight[s];
      miner.eligible_side_snapshots[s] += award.weight[s] > 0.0 ? 1 : 0;
    }
    ++miner.eligible_snapshots;
    b += take_bid ? 1 : 0;
    a += take_ask ? 1 : 0;
  }
  awards_.resize(made);
  last_award_.miners = awards_;
}

void RewardLedger::close() {
  if (closed_) return;
  for (std::size_t market = 0; market < markets_.size(); ++market) {
    roll_empty_slots(market, campaign_.total_slots());
  }
  closed_ = true;
}

const EpochTotals& RewardLedger::epoch_totals(std::size_t market, int epoch) const {
  return markets_.at(market).epochs.at(static_cast<std::size_t>(epoch));
}

std::span<const MinerTotals> RewardLedger::miner_totals(std::size_t market) const {
  return markets_.at(market).miners;
}

}  // namespace lmsim::engine
