// The uniform control rule: every miner with an eligible order on a side shares that side's pool
// equally.
#include <catch2/catch.hpp>

#include "engine/uniform_rule.hpp"
#include "support/scoring_fixtures.hpp"

using namespace lmsim;
using namespace lmsim::test;

TEST_CASE("UniformRule: one unit of weight per miner and side, whatever its orders", "[uniform]") {
  engine::UniformRule rule(engine::UniformParams{});
  OrderTable orders;
  orders.add(0, Side::kBid, 99.9, 50.0);
  orders.add(0, Side::kBid, 99.8, 50.0);
  orders.add(0, Side::kBid, 99.7, 50.0);
  orders.add(1, Side::kBid, 99.0, 0.01);  // tiny, at the edge: the same share
  orders.add(1, Side::kAsk, 100.1, 1.0);
  orders.add(2, Side::kAsk, 102.0, 1.0);  // beyond max_spread
  engine::MinerWeights weights;
  rule.weigh(engine::Snapshot{0, 100.0, orders.columns()}, weights);
  CHECK(weights.weight(Side::kBid, 0) == 1.0);
  CHECK(weights.weight(Side::kBid, 1) == 1.0);
  CHECK(weights.weight(Side::kAsk, 1) == 1.0);
  CHECK(weights.weight(Side::kAsk, 2) == 0.0);
  const auto per_order = rule.last_order_weights();
  CHECK(std::vector<double>(per_order.begin(), per_order.end()) ==
        std::vector<double>{1, 1, 1, 1, 1, 0});
  // A second snapshot with the same rule starts afresh.
  rule.weigh(engine::Snapshot{0, 100.0, orders.columns()}, weights);
  CHECK(weights.weight(Side::kBid, 0) == 2.0);  // the caller clears weights, not the rule
}

TEST_CASE("Ledger: uniform splits each side's pool equally to the unit", "[uniform]") {
  // One slot of 20 units: 10 a side. Three bidders share 10 as 4, 3, 3 (the leftover unit to
  // the smallest id); one asker takes the ask pool.
  const Campaign campaign = with_rule(make_campaign(20, 1), rule_with("uniform", {}));
  OrderTable orders;
  orders.add(2, Side::kBid, 99.5, 7.0);
  orders.add(0, Side::kBid, 99.9, 1.0);
  orders.add(1, Side::kBid, 99.1, 1000.0);
  orders.add(1, Side::kAsk, 100.2, 1.0);
  const auto rewards = score_once(campaign, 100.0, orders, 3);
  CHECK(rewards[0] == std::array<BaseUnits, 2>{4, 0});
  CHECK(rewards[1] == std::array<BaseUnits, 2>{3, 10});
  CHECK(rewards[2] == std::array<BaseUnits, 2>{3, 0});
}
