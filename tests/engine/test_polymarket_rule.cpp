// Polymarket's liquidity rewards: the published example of SCORING.md §2
// (44.444 + 22.222 + 44.444 = 111.111), the single-sided divisor inside the mid band, and the
// two normalisations.
#include <catch2/catch.hpp>

#include "engine/polymarket_rule.hpp"
#include "support/scoring_fixtures.hpp"

using namespace lmsim;
using namespace lmsim::test;
using engine::PolymarketParams;
using engine::PolymarketRule;

namespace {

PolymarketParams three_cents() {
  PolymarketParams params;
  params.max_spread = 0.03;
  return params;
}

}  // namespace

TEST_CASE("PolymarketRule: the published example, 44.444 + 22.222 + 44.444 = 111.111",
          "[polymarket]") {
  PolymarketRule rule(three_cents());
  // Mid 0.50, v = 3¢: 100 at 1¢ and 200 at 2¢ on one side, 100 at 1¢ on the other.
  OrderTable orders;
  orders.add(0, Side::kBid, 0.49, 100.0);
  orders.add(0, Side::kBid, 0.48, 200.0);
  orders.add(0, Side::kAsk, 0.51, 100.0);
  engine::MinerWeights weights;
  rule.weigh(engine::Snapshot{0, 0.50, orders.columns()}, weights);
  const auto scores = rule.last_order_weights();
  CHECK(scores[0] == Approx(44.444).epsilon(0).margin(5e-4));  // ((3 − 1)/3)² × 100
  CHECK(scores[1] == Approx(22.222).epsilon(0).margin(5e-4));  // ((3 − 2)/3)² × 200
  CHECK(scores[2] == Approx(44.444).epsilon(0).margin(5e-4));
  CHECK(scores[0] + scores[1] + scores[2] == Approx(111.111).epsilon(0).margin(5e-4));
  CHECK(weights.weight(Side::kBid, 0) == Approx(600.0 / 9.0));
  CHECK(weights.weight(Side::kAsk, 0) == Approx(400.0 / 9.0));
  // Inside the mid band: max(min(Q_one, Q_two), max(Q_one, Q_two) / 3) = 44.444.
  CHECK(rule.two_sided_score(600.0 / 9.0, 400.0 / 9.0, 0.5) == Approx(400.0 / 9.0));
}

TEST_CASE("PolymarketRule: one-sided quoting scores a third inside the mid band, nothing outside",
          "[polymarket]") {
  const PolymarketRule rule(three_cents());
  CHECK(rule.two_sided_score(90.0, 0.0, 0.50) == Approx(30.0));
  CHECK(rule.two_sided_score(90.0, 0.0, 0.10) == Approx(30.0));  // the band's ends are inside
  CHECK(rule.two_sided_score(90.0, 0.0, 0.90) == Approx(30.0));
  CHECK(rule.two_sided_score(90.0, 0.0, 0.95) == 0.0);
  CHECK(rule.two_sided_score(90.0, 60.0, 0.95) == 60.0);          // outside: min(Q_one, Q_two)
  CHECK(rule.two_sided_score(90.0, 20.0, 0.50) == Approx(30.0));  // max(20, 90/3)
  CHECK(rule.order_score(0.03, 0.03) == 0.0);                     // s = v scores nothing
  CHECK(rule.order_score(0.03, 0.0) == 1.0);                      // at the mid: b
}

TEST_CASE("PolymarketRule: each sample is normalised across miners before the epoch sums it",
          "[polymarket]") {
  PolymarketRule rule(three_cents());
  OrderTable orders;
  orders.add(0, Side::kBid, 0.49, 100.0);  // Q_min of miner 0: max(0, 44.4/3) = 14.8
  orders.add(1, Side::kBid, 0.49, 100.0);  // miner 1: two-sided, Q_min 44.4
  orders.add(1, Side::kAsk, 0.51, 100.0);
  engine::MinerWeights weights;
  rule.weigh(engine::Snapshot{0, 0.50, orders.columns()}, weights);
  const engine::MinerId miners[] = {0, 1};
  double scores[2] = {};
  rule.snapshot_scores(weights, miners, scores);
  CHECK(scores[0] == Approx(0.25));
  CHECK(scores[1] == Approx(0.75));
}

TEST_CASE("Ledger: Polymarket shares the epoch's budget by the summed sample shares",
          "[polymarket]") {
  // Snapshot 0: miners 0 and 1 quote alike (½ each); snapshot 1: miner 0 alone (1). Sums 1.5
  // and 0.5 of 1,000 units: 750 and 250, however large miner 0's size in snapshot 1.
  const Campaign campaign =
      with_rule(make_campaign(1000, 2), rule_with("polymarket", {{"max_spread", 0.03}}));
  engine::RewardLedger ledger(campaign);
  OrderTable both;
  for (engine::MinerId miner = 0; miner < 2; ++miner) {
    both.add(miner, Side::kBid, 0.49, 10.0);
    both.add(miner, Side::kAsk, 0.51, 10.0);
  }
  OrderTable alone;
  alone.add(0, Side::kBid, 0.495, 1e6);
  alone.add(0, Side::kAsk, 0.505, 1e6);
  ledger.score(0, engine::Snapshot{slot_time(0), 0.50, both.columns()});
  ledger.score(0, engine::Snapshot{slot_time(1), 0.50, alone.columns()});
  ledger.close();
  CHECK(ledger.miner_totals(0)[0].total_reward() == 750);
  CHECK(ledger.miner_totals(0)[1].total_reward() == 250);
}
