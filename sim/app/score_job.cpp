#include "sim/app/score_job.hpp"

#include "sim/core/campaign_scorer.hpp"

namespace lmsim::sim::app {

io::ScoreOutcome score_campaign(const engine::Campaign& campaign, const io::ScoreInput& input) {
  const std::size_t market_count = campaign.markets.size();
  const std::size_t miner_count = input.miner_names.size();
  io::ScoreOutcome outcome;
  outcome.snapshots.resize(input.snapshots.size());
  outcome.has_orders.assign(market_count, std::vector<bool>(miner_count, false));

  // The same scorer as a simulated run's: recorded snapshots pay exactly as simulated ones.
  CampaignScorer scorer(campaign, miner_count);
  for (std::size_t i = 0; i < input.snapshots.size(); ++i) {
    const std::uint32_t market = input.snapshots[i].market;
    const engine::Snapshot snapshot = input.snapshot(i);
    for (const engine::MinerId miner : snapshot.orders.miner)
      outcome.has_orders[market][miner] = true;
    const ScoredSnapshot& scored = scorer.score(market, snapshot);
    outcome.snapshots[i].sides = scored.award->sides;
    outcome.snapshots[i].eligible_miners = scored.eligible_miners;
  }
  scorer.close();

  outcome.epochs.resize(market_count);
  outcome.miners.resize(market_count);
  for (std::size_t market = 0; market < market_count; ++market) {
    for (int epoch = 0; epoch < campaign.epochs; ++epoch) {
      outcome.epochs[market].push_back(scorer.ledger().epoch_totals(market, epoch));
    }
    const auto totals = scorer.ledger().miner_totals(market);
    outcome.miners[market].assign(totals.begin(), totals.end());
    outcome.miners[market].resize(miner_count);
  }
  return outcome;
}

}  // namespace lmsim::sim::app
