#include "sim/app/score_job.hpp"

namespace lmsim::sim::app {

io::ScoreOutcome score_campaign(const engine::Campaign& campaign, const io::ScoreInput& input) {
  const std::size_t market_count = campaign.markets.size();
  const std::size_t miner_count = input.miner_names.size();
  io::ScoreOutcome outcome;
  outcome.snapshots.resize(input.snapshots.size());
  outcome.has_orders.assign(market_count, std::vector<bool>(miner_count, false));

  engine::RewardLedger ledger(campaign);
  for (std::size_t i = 0; i < input.snapshots.size(); ++i) {
    const std::uint32_t market = input.snapshots[i].market;
    const engine::Snapshot snapshot = input.snapshot(i);
    for (const engine::MinerId miner : snapshot.orders.miner)
      outcome.has_orders[market][miner] = true;
    const engine::SnapshotAward& award = ledger.score(market, snapshot);
    io::ScoredSnapshot& scored = outcome.snapshots[i];
    scored.sides = award.sides;
    for (const engine::MinerAward& miner : award.miners) {
      for (int side = 0; side < engine::kSideCount; ++side) {
        if (miner.weight[side] > 0.0) ++scored.eligible_miners[side];
      }
    }
  }
  ledger.close();

  outcome.epochs.resize(market_count);
  outcome.miners.resize(market_count);
  for (std::size_t market = 0; market < market_count; ++market) {
    for (int epoch = 0; epoch < campaign.epochs; ++epoch) {
      outcome.epochs[market].push_back(ledger.epoch_totals(market, epoch));
    }
    const auto totals = ledger.miner_totals(market);
    outcome.miners[market].assign(totals.begin(), totals.end());
    outcome.miners[market].resize(miner_count);
  }
  return outcome;
}

}  // namespace lmsim::sim::app
