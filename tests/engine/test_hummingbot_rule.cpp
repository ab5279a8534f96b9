// The published numbers of SCORING.md §1, reproduced to the precision they were stated with.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/hummingbot_rule.hpp"
#include "support/scoring_fixtures.hpp"

using namespace lmsim;
using namespace lmsim::test;
using engine::HummingbotParams;
using engine::HummingbotRule;

namespace {

HummingbotParams params(double max_spread, double spread_factor) {
  HummingbotParams result;
  result.max_spread = max_spread;
  result.spread_factor = spread_factor;
  return result;
}

}  // namespace

TEST_CASE("HummingbotRule: spread weights of the blog post (s_max 1%, k 2)", "[hummingbot]") {
  const HummingbotRule rule(params(0.01, 2.0));
  CHECK(rule.spread_weight(0.0010) == Approx(0.818731).epsilon(0).margin(5e-7));
  CHECK(rule.spread_weight(0.0045) == Approx(0.406570).epsilon(0).margin(5e-7));
  CHECK(rule.spread_weight(0.0100) == Approx(0.135335).epsilon(0).margin(5e-7));
  // "double": equal sizes at 0.10% and 0.45% earn in the ratio e^0.7.
  CHECK(rule.spread_weight(0.0010) / rule.spread_weight(0.0045) ==
        Approx(2.013753).epsilon(0).margin(5e-7));
  CHECK(rule.spread_weight(0.0101) == 0.0);
}

TEST_CASE("HummingbotRule: k = 8 announcement ratios (7.4x and 14.4x)", "[hummingbot]") {
  const HummingbotRule wide(params(0.02, 8.0));
  CHECK(wide.spread_weight(0.005) / wide.spread_weight(0.010) ==
        Approx(7.389).epsilon(0).margin(5e-4));
  const HummingbotRule narrow(params(0.015, 8.0));
  CHECK(narrow.spread_weight(0.005) / narrow.spread_weight(0.010) ==
        Approx(14.392).epsilon(0).margin(5e-4));
}

TEST_CASE("HummingbotRule: the vectorised kernel agrees with the scalar formula", "[hummingbot]") {
  HummingbotRule rule(params(0.01, 2.0));
  OrderTable orders;
  const double mid = 100.0;
  const std::vector<double> spreads{0.0, 0.001, 0.0045, 0.0099, 0.0100, 0.0101, 0.5};
  for (std::size_t i = 0; i < spreads.size(); ++i) {
    orders.add(static_cast<MinerId>(i), Side::kAsk, mid * (1.0 + spreads[i]), 2.0);
  }
  engine::MinerWeights weights;
  rule.weigh(engine::Snapshot{0, mid, orders.columns()}, weights);
  const auto per_order = rule.last_order_weights();
  REQUIRE(per_order.size() == spreads.size());
  for (std::size_t i = 0; i < spreads.size(); ++i) {
    const double spread = std::abs(orders.columns().price[i] - mid) / mid;
    CAPTURE(i, spread);
    CHECK(per_order[i] == Approx(2.0 * rule.spread_weight(spread)).epsilon(1e-14));
    CHECK(weights.weight(Side::kAsk, static_cast<MinerId>(i)) == per_order[i]);
  }
  CHECK(per_order[5] == 0.0);
  CHECK(per_order[6] == 0.0);
  CHECK(weights.miners(Side::kBid).empty());
}

TEST_CASE("HummingbotRule: min_order_amount and max_order_age make orders ineligible",
          "[hummingbot]") {
  HummingbotParams rule_params = params(0.01, 2.0);
  rule_params.min_order_amount = 1.0;
  rule_params.max_order_age = 30 * engine::kNanosPerMinute;
  HummingbotRule rule(rule_params);
  OrderTable orders;
  const Nanos now = 100 * engine::kNanosPerMinute;
  orders.add(0, Side::kBid, 99.9, 0.5, now - engine::kNanosPerMinute);       // too small
  orders.add(1, Side::kBid, 99.9, 1.0, now - engine::kNanosPerMinute);       // eligible
  orders.add(2, Side::kBid, 99.9, 1.0, now - 30 * engine::kNanosPerMinute);  // 30 min old: too old
  orders.add(3, Side::kBid, 99.9, 1.0, now - 30 * engine::kNanosPerMinute + 1);
  engine::MinerWeights weights;
  rule.weigh(engine::Snapshot{now, 100.0, orders.columns()}, weights);
  CHECK(weights.weight(Side::kBid, 0) == 0.0);
  CHECK(weights.weight(Side::kBid, 1) > 0.0);
  CHECK(weights.weight(Side::kBid, 2) == 0.0);
  CHECK(weights.weight(Side::kBid, 3) > 0.0);

  OrderTable without_times;
  without_times.add(0, Side::kBid, 99.9, 1.0);
  CHECK_THROWS_AS(rule.weigh(engine::Snapshot{now, 100.0, without_times.columns()}, weights),
                  std::invalid_argument);
}

TEST_CASE("Ledger: 20 ETH over a 30-day month of 1-minute snapshots (blog post)", "[hummingbot]") {
  const BaseUnits budget = 20'000'000'000;  // 20 ETH at 9 decimals
  const Campaign campaign = make_campaign(budget, 30 * 24 * 60);
  CHECK(campaign.slots_per_epoch() == 43'200);
  BaseUnits sum = 0;
  for (std::int64_t slot = 0; slot < campaign.slots_per_epoch(); ++slot) {
    const BaseUnits pool = engine::even_share(budget, campaign.slots_per_epoch(), slot);
    CHECK(std::abs(static_cast<double>(pool) * 1e-9 - 0.000462963) < 1e-9);
    sum += pool;
  }
  CHECK(sum == budget);
}

TEST_CASE("Ledger: whitepaper Eq. 3, $4,383.00 a month buys $0.10 per 60 s snapshot",
          "[hummingbot]") {
  // b = B·T·12 / (365.25·24·3600): a month is 365.25/12 days = 2,629,800 s = 43,830 slots.
  Campaign campaign = make_campaign(438'300, 43'830);  // cents
  campaign.reward_decimals = 2;
  engine::RewardLedger ledger(campaign);
  OrderTable orders;
  orders.add(0, Side::kBid, 99.0, 1.0);
  orders.add(0, Side::kAsk, 101.0, 1.0);
  for (std::int64_t slot = 0; slot < 5; ++slot) {
    const auto& award = ledger.score(0, engine::Snapshot{slot_time(slot), 100.0, orders.columns()});
    CHECK(award.sides[0].pool + award.sides[1].pool == 10);  // $0.10
  }
}

TEST_CASE("Ledger: equal sizes at 0.10% and 0.45% are paid in the ratio e^0.7", "[hummingbot]") {
  const Campaign campaign = make_campaign(2'000'000'000'000, 1);  // one slot, large pool
  OrderTable orders;
  orders.add(0, Side::kBid, 100.0 * (1 - 0.0010), 3.0);
  orders.add(1, Side::kBid, 100.0 * (1 - 0.0045), 3.0);
  const auto rewards = score_once(campaign, 100.0, orders, 2);
  CHECK(static_cast<double>(rewards[0][0]) / static_cast<double>(rewards[1][0]) ==
        Approx(2.013753).epsilon(0).margin(5e-7));
  CHECK(rewards[0][0] + rewards[1][0] == 1'000'000'000'000);
}
