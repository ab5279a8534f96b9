#include "sim/core/campaign_scorer.hpp"

#include <algorithm>
#include <cmath>

#include "engine/not_a_number.hpp"

namespace lmsim::sim {

CampaignScorer::CampaignScorer(engine::Campaign campaign, std::size_t miner_count, std::string name)
    : ledger_(std::move(campaign)), name_(std::move(name)) {
  for (int side = 0; side < engine::kSideCount; ++side) {
    eligible_amount_[side].resize(miner_count);
    best_spread_[side].resize(miner_count);
    scored_.eligible_amount[side] = eligible_amount_[side];
    scored_.best_spread[side] = best_spread_[side];
  }
}

const ScoredSnapshot& CampaignScorer::score(std::size_t market, const engine::Snapshot& snapshot) {
  const bool has_mid = std::isfinite(snapshot.mid) && snapshot.mid > 0.0;
  for (int side = 0; side < engine::kSideCount; ++side) {
    std::fill(eligible_amount_[side].begin(), eligible_amount_[side].end(), 0.0);
    std::fill(best_spread_[side].begin(), best_spread_[side].end(), kNaN);
  }
  if (!has_mid) {
    // Without a mid there is no spread to measure: nothing is eligible and the pools roll over.
    const engine::OrderTable none;
    scored_.award = &ledger_.score(market, {snapshot.time, 1.0, none.columns()});
    scored_.eligible_miners = {};
    return scored_;
  }
  scored_.award = &ledger_.score(market, snapshot);
  // What each miner had eligible: the rule's per-order weights tell which orders counted.
  const auto weights = ledger_.last_order_weights();
  const engine::OrderColumns& orders = snapshot.orders;
  const double mid = snapshot.mid;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    if (!(weights[i] > 0.0)) continue;
    const engine::MinerId miner = orders.miner[i];
    const int side = engine::side_index(orders.side[i]);
    eligible_amount_[side][miner] += orders.amount[i];
    const double spread = std::abs(orders.price[i] - mid) / mid;
    double& best = best_spread_[side][miner];
    if (std::isnan(best) || spread < best) best = spread;
  }
  scored_.eligible_miners = {};
  for (const engine::MinerAward& miner : scored_.award->miners) {
    for (int side = 0; side < engine::kSideCount; ++side) {
      if (miner.weight[side] > 0.0) ++scored_.eligible_miners[side];
    }
  }
  return scored_;
}

}  // namespace lmsim::sim
