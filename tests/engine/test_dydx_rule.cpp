// dYdX's liquidity-provider rule: the published example of SCORING.md §2 (Q_bid, Q_ask, Q_min),
// the uptime ratio 0.99^5 / 0.90^5, the versions' exponents, and payment at the epoch's end.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/dydx_rule.hpp"
#include "support/scoring_fixtures.hpp"

using namespace lmsim;
using namespace lmsim::test;
using engine::DydxParams;
using engine::DydxRule;
using engine::DydxVersion;
using engine::EpochActivity;

namespace {

/// The published example's orders: bids 1 @ 29,900, 5 @ 29,850, 10 @ 29,500; asks
/// 0.1 @ 30,100, 5 @ 30,150, 10 @ 30,175 (one liquidity provider).
OrderTable published_orders() {
  OrderTable orders;
  orders.add(0, Side::kBid, 29'900.0, 1.0);
  orders.add(0, Side::kBid, 29'850.0, 5.0);
  orders.add(0, Side::kBid, 29'500.0, 10.0);  // 500 from the mid: beyond MaxSpread
  orders.add(0, Side::kAsk, 30'100.0, 0.1);   // depth 3,010: below MinDepth
  orders.add(0, Side::kAsk, 30'150.0, 5.0);
  orders.add(0, Side::kAsk, 30'175.0, 10.0);
  return orders;
}

DydxParams published_params() {
  DydxParams params;
  params.min_depth = 5'000.0;
  params.max_spread = 200.0;
  return params;
}

EpochActivity activity(double score, std::int64_t scored, std::int64_t snapshots,
                       double maker_volume = 0.0, double stake = 1.0) {
  EpochActivity result;
  result.score = score;
  result.scored_snapshots = scored;
  result.snapshots = snapshots;
  result.maker_volume = maker_volume;
  result.stake = stake;
  return result;
}

}  // namespace

TEST_CASE("DydxRule: the published example (mid 30,000, MinDepth 5,000, MaxSpread 200)", "[dydx]") {
  DydxRule rule(published_params());
  const OrderTable orders = published_orders();
  engine::MinerWeights weights;
  rule.weigh(engine::Snapshot{0, 30'000.0, orders.columns()}, weights);
  const auto per_order = rule.last_order_weights();
  REQUIRE(per_order.size() == 6);
  CHECK(per_order[0] == Approx(8'970'000.0).epsilon(1e-12));   // 29,900 / (100 / 30,000)
  CHECK(per_order[1] == Approx(29'850'000.0).epsilon(1e-12));  // 149,250 / (150 / 30,000)
  CHECK(per_order[2] == 0.0);
  CHECK(per_order[3] == 0.0);
  CHECK(per_order[4] == Approx(30'150'000.0).epsilon(1e-12));
  CHECK(per_order[5] == Approx(51'728'571.43).epsilon(0).margin(0.005));
  CHECK(weights.weight(Side::kBid, 0) == Approx(38'820'000.0).epsilon(1e-12));
  CHECK(weights.weight(Side::kAsk, 0) == Approx(81'878'571.43).epsilon(0).margin(0.005));
  const engine::MinerId miners[] = {0};
  double score = 0.0;
  rule.snapshot_scores(weights, miners, std::span(&score, 1));
  CHECK(score == Approx(38'820'000.0).epsilon(1e-12));  // Q_min = min(Q_bid, Q_ask)
}

TEST_CASE("DydxRule: the inequalities are strict, and one-sided quoting scores nothing", "[dydx]") {
  DydxRule rule(published_params());
  OrderTable orders;
  orders.add(0, Side::kBid, 29'800.0, 1.0);                 // exactly MaxSpread away: excluded
  orders.add(0, Side::kBid, 29'950.0, 5'000.0 / 29'950.0);  // depth exactly MinDepth: excluded
  orders.add(0, Side::kAsk, 30'000.0, 1.0);                 // at the mid: no finite score, excluded
  orders.add(1, Side::kBid, 29'900.0, 1.0);                 // eligible, but miner 1 has no ask
  engine::MinerWeights weights;
  rule.weigh(engine::Snapshot{0, 30'000.0, orders.columns()}, weights);
  for (std::size_t i = 0; i < 3; ++i) CHECK(rule.last_order_weights()[i] == 0.0);
  CHECK(rule.last_order_weights()[3] > 0.0);
  const engine::MinerId miners[] = {1};
  double score = -1.0;
  rule.snapshot_scores(weights, miners, std::span(&score, 1));
  CHECK(score == 0.0);
}

TEST_CASE("DydxRule: distances from the mid of the orders above MinDepth, when asked", "[dydx]") {
  DydxParams params = published_params();
  params.mid = engine::DydxMid::kAboveMinDepth;
  DydxRule rule(params);
  const OrderTable orders = published_orders();
  engine::MinerWeights weights;
  rule.weigh(engine::Snapshot{0, 30'000.0, orders.columns()}, weights);
  // Best bid 29,900; the 0.1 @ 30,100 ask is below MinDepth, so the best ask is 30,150.
  CHECK(rule.last_mid() == 30'025.0);
  CHECK(rule.last_order_weights()[0] == Approx(29'900.0 / (125.0 / 30'025.0)));
}

TEST_CASE("DydxRule: 99% uptime is worth 0.99^5 / 0.90^5 = 1.6105 times 90%", "[dydx]") {
  const DydxRule rule(DydxParams{});
  const double high = rule.final_score(activity(1e6, 99, 100));
  const double low = rule.final_score(activity(1e6, 90, 100));
  CHECK(high / low == Approx(1.6105).epsilon(0).margin(5e-5));
  // Uptime as a count gives the same ratio.
  CHECK(rule.final_score(activity(1e6, 990, 1000)) / rule.final_score(activity(1e6, 900, 1000)) ==
        Approx(high / low));
}

TEST_CASE("DydxRule: each version's published exponents, and keys that replace them", "[dydx]") {
  const auto exponents = [](DydxVersion version, engine::DydxTier tier) {
    DydxParams params;
    params.version = version;
    params.market_tier = tier;
    return engine::dydx_exponents(params);
  };
  using engine::DydxTier;
  const auto check = [](engine::DydxExponents e, double depth, double stake, double volume) {
    CHECK(e.depth == depth);
    CHECK(e.uptime == 5.0);
    CHECK(e.stake == stake);
    CHECK(e.maker_volume == volume);
  };
  check(exponents(DydxVersion::kLaunch, DydxTier::kOther), 1.0, 0.0, 0.0);
  check(exponents(DydxVersion::kJan2022, DydxTier::kOther), 1.0, 0.5, 0.0);
  check(exponents(DydxVersion::kDip11, DydxTier::kOther), 0.35, 0.2, 0.45);
  check(exponents(DydxVersion::kDip15, DydxTier::kBtcEth), 0.15, 0.05, 0.8);
  check(exponents(DydxVersion::kDip15, DydxTier::kOther), 0.35, 0.05, 0.6);
  check(exponents(DydxVersion::kDip19, DydxTier::kBtcEth), 0.15, 0.0, 0.85);
  check(exponents(DydxVersion::kDip19, DydxTier::kOther), 0.35, 0.0, 0.65);

  DydxParams params;
  params.version = DydxVersion::kDip11;
  params.depth_exponent = 0.5;
  params.uptime_exponent = 2.0;
  params.maker_volume_exponent = 0.0;
  const engine::DydxExponents e = engine::dydx_exponents(params);
  CHECK(e.depth == 0.5);
  CHECK(e.uptime == 2.0);
  CHECK(e.stake == 0.2);  // not set: the version's
  CHECK(e.maker_volume == 0.0);
  // Q^0.5 × uptime^2 × stake^0.2: 16^0.5 × 0.5^2 × 32^0.2 = 4 × 0.25 × 2.
  CHECK(DydxRule(params).final_score(activity(16.0, 1, 2, 123.0, 32.0)) == Approx(2.0));
}

TEST_CASE("DydxRule: DIP-11 pays nothing without maker volume, and nothing without depth",
          "[dydx]") {
  DydxParams params;
  params.version = DydxVersion::kDip11;
  const DydxRule rule(params);
  CHECK(rule.final_score(activity(1e6, 10, 10, 0.0)) == 0.0);
  CHECK(rule.final_score(activity(0.0, 0, 10, 1e6)) == 0.0);
  // 1e6^0.35 × 1 × 1 × 1e4^0.45.
  CHECK(rule.final_score(activity(1e6, 10, 10, 1e4)) ==
        Approx(std::pow(1e6, 0.35) * std::pow(1e4, 0.45)));
}

TEST_CASE("Ledger: dYdX pays the epoch's budget at its end by Q_epoch x uptime^5", "[dydx]") {
  // Four one-minute slots, 1,000 units. Both miners quote 1 @ 99.5 and 1 @ 100.5 around a mid of
  // 100 (MinDepth 0, MaxSpread 1): Q_bid = 99.5 / 0.005 = 19,900 is their Q_min. Miner 1 quotes
  // in the first two snapshots only: final scores 4 × 19,900 × 1 and 2 × 19,900 × 0.5^5.
  const Campaign campaign = with_rule(make_campaign(1000, 4),
                                      rule_with("dydx", {{"min_depth", 0.0}, {"max_spread", 1.0}}));
  engine::RewardLedger ledger(campaign);
  for (std::int64_t slot = 0; slot < 4; ++slot) {
    OrderTable orders;
    for (engine::MinerId miner = 0; miner < (slot < 2 ? 2u : 1u); ++miner) {
      orders.add(miner, Side::kBid, 99.5, 1.0);
      orders.add(miner, Side::kAsk, 100.5, 1.0);
    }
    const auto& award = ledger.score(0, engine::Snapshot{slot_time(slot), 100.0, orders.columns()});
    // No pool at a snapshot: the epoch pays when it closes.
    for (const auto& side : award.sides) CHECK(side.pool + side.allocated + side.rolled_over == 0);
    REQUIRE(!award.miners.empty());
    CHECK(award.miners[0].score == Approx(19'900.0));
    CHECK(award.miners[0].reward[0] + award.miners[0].reward[1] == 0);
  }
  // The last slot is scored, but fills up to the epoch's end may still come.
  CHECK_FALSE(ledger.epoch_totals(0, 0).closed);
  ledger.close();
  const engine::EpochTotals& totals = ledger.epoch_totals(0, 0);
  CHECK(totals.closed);
  CHECK(totals.allocated == 1000);
  CHECK(totals.unallocated == 0);
  // Quotas 1000 × 79,600 / 80,843.75 = 984.61 and 15.38: the leftover unit to the larger
  // remainder.
  const auto miners = ledger.miner_totals(0);
  CHECK(miners[0].total_reward() == 985);
  CHECK(miners[1].total_reward() == 15);
  CHECK(miners[0].reward[0] == 492);  // half on each side, the odd unit on the ask
  CHECK(miners[0].reward[1] == 493);
  CHECK(miners[1].eligible_snapshots == 2);
}

TEST_CASE("Ledger: dYdX DIP-11 counts maker fills up to the epoch's end", "[dydx]") {
  const Campaign campaign =
      with_rule(make_campaign(1000, 2, 2),
                rule_with("dydx", {{"min_depth", 0.0}, {"max_spread", 1.0}, {"version", "dip11"}}));
  engine::RewardLedger ledger(campaign);
  OrderTable orders;
  for (engine::MinerId miner = 0; miner < 2; ++miner) {
    orders.add(miner, Side::kBid, 99.5, 1.0);
    orders.add(miner, Side::kAsk, 100.5, 1.0);
  }
  ledger.score(0, engine::Snapshot{slot_time(0), 100.0, orders.columns()});
  ledger.score(0, engine::Snapshot{slot_time(1), 100.0, orders.columns()});
  // After the epoch's last snapshot, before its end: miner 0's maker fill still counts; a taker
  // fill and a fill of the next epoch do not count for this one.
  const Nanos late = 2 * engine::kNanosPerMinute - 1;
  ledger.record_fill(0, engine::MinerFill{late, 0, Side::kBid, 100.0, 3.0, true});
  ledger.record_fill(0, engine::MinerFill{late, 1, Side::kBid, 100.0, 3.0, false});
  ledger.record_fill(0, engine::MinerFill{late + 1, 1, Side::kAsk, 100.0, 1.0, true});
  // The next epoch's first snapshot closes epoch 0: only miner 0 had maker volume in it.
  ledger.score(0, engine::Snapshot{slot_time(2), 100.0, orders.columns()});
  CHECK(ledger.epoch_totals(0, 0).closed);
  CHECK(ledger.miner_totals(0)[0].total_reward() == 1000);
  CHECK(ledger.miner_totals(0)[1].total_reward() == 0);
  CHECK_THROWS_AS(ledger.record_fill(0, engine::MinerFill{late, 0, Side::kBid, 100.0, 1.0, true}),
                  std::invalid_argument);
  ledger.close();
  // Epoch 1: only miner 1 had maker volume (100 × 1); miner 0 none.
  CHECK(ledger.miner_totals(0)[1].total_reward() == 1000);
  CHECK(ledger.epoch_totals(0, 1).allocated == 1000);
}

TEST_CASE("Ledger: an epoch-end epoch nobody scored in is unallocated", "[dydx]") {
  const Campaign campaign = with_rule(make_campaign(777, 3, 2), rule_with("dydx", {}));
  engine::RewardLedger ledger(campaign);
  OrderTable one_sided;
  one_sided.add(0, Side::kBid, 99.9, 100.0);
  ledger.score(0, engine::Snapshot{slot_time(1), 100.0, one_sided.columns()});
  ledger.close();
  for (int epoch = 0; epoch < 2; ++epoch) {
    CHECK(ledger.epoch_totals(0, epoch).allocated == 0);
    CHECK(ledger.epoch_totals(0, epoch).unallocated == 777);
  }
  CHECK(ledger.miner_totals(0)[0].eligible_snapshots == 1);  // eligible, but one-sided
}
