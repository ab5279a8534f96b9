#include "engine/reward_ledger.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace lmsim::engine {

RewardLedger::RewardLedger(Campaign campaign) : campaign_(std::move(campaign)) {
  validate(campaign_);
  rule_ = campaign_.make_rule();
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
  const std::int64_t per_epoch = campaign_.slots_per_epoch();
  const BaseUnits budget = campaign_.markets[market].budget_per_epoch;
  while (state.next_slot < until_slot) {
    const std::int64_t epoch_end = (state.next_slot / per_epoch + 1) * per_epoch;
    const std::int64_t end = std::min(until_slot, epoch_end);
    const auto pools = side_pools(state.next_slot, end, budget);
    for (int side = 0; side < kSideCount; ++side) state.carry[side] += pools[side];
    state.next_slot = end;
    close_epoch_if_done(state);
  }
}

void RewardLedger::close_epoch_if_done(MarketState& state) {
  const std::int64_t per_epoch = campaign_.slots_per_epoch();
  if (state.next_slot == 0 || state.next_slot % per_epoch != 0) return;
  EpochTotals& totals = state.epochs[static_cast<std::size_t>(state.next_slot / per_epoch - 1)];
  if (totals.closed) return;
  totals.unallocated = state.carry[0] + state.carry[1];
  totals.closed = true;
  state.carry = {};
  if (totals.allocated + totals.unallocated != totals.budget) {
    throw std::logic_error("RewardLedger: an epoch's allocations and remainder (" +
                           std::to_string(totals.allocated) + " + " +
                           std::to_string(totals.unallocated) + ") differ from its budget (" +
                           std::to_string(totals.budget) + ")");
  }
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

  const BaseUnits budget = campaign_.markets[market].budget_per_epoch;
  const auto own_pools = side_pools(*slot, *slot + 1, budget);
  last_award_ = SnapshotAward{market, *slot, campaign_.epoch_of_slot(*slot), snapshot.time, {}, {}};
  weights_.clear();
  rule_->weigh(snapshot, weights_);
  for (const Side side : {Side::kBid, Side::kAsk}) {
    const int s = side_index(side);
    pay_side(side, own_pools[s] + state.carry[s], state);
  }
  collect_awards(state);
  state.next_slot = *slot + 1;
  close_epoch_if_done(state);
  return last_award_;
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
  const auto bids = weights_.miners(Side::kBid);
  const auto asks = weights_.miners(Side::kAsk);
  awards_.clear();
  std::size_t b = 0;
  std::size_t a = 0;
  while (b < bids.size() || a < asks.size()) {
    const bool take_bid = a == asks.size() || (b < bids.size() && bids[b] <= asks[a]);
    const bool take_ask = b == bids.size() || (a < asks.size() && asks[a] <= bids[b]);
    MinerAward award{take_bid ? bids[b] : asks[a], {}, {}};
    if (take_bid) {
      award.weight[0] = side_weight_[0][b];
      award.reward[0] = side_share_[0][b++];
    }
    if (take_ask) {
      award.weight[1] = side_weight_[1][a];
      award.reward[1] = side_share_[1][a++];
    }
    awards_.push_back(award);
  }
  if (!awards_.empty() && state.miners.size() <= awards_.back().miner) {
    state.miners.resize(std::size_t{awards_.back().miner} + 1);
  }
  for (const MinerAward& award : awards_) {
    MinerTotals& totals = state.miners[award.miner];
    for (int s = 0; s < kSideCount; ++s) {
      totals.reward[s] += award.reward[s];
      totals.weight[s] += award.weight[s];
      if (award.weight[s] > 0.0) ++totals.eligible_side_snapshots[s];
    }
    ++totals.eligible_snapshots;
  }
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
