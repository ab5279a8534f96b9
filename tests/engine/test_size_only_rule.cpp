// The size-only control rule: Hummingbot's eligibility and payment without spread weighting.
#include <catch2/catch.hpp>

#include "engine/size_only_rule.hpp"
#include "support/scoring_fixtures.hpp"

using namespace lmsim;
using namespace lmsim::test;

TEST_CASE("SizeOnlyRule: an eligible order weighs its amount, wherever inside max_spread",
          "[size_only]") {
  engine::SizeOnlyParams params;
  params.max_spread = 0.01;
  params.min_order_amount = 0.5;
  engine::SizeOnlyRule rule(params);
  OrderTable orders;
  orders.add(0, Side::kBid, 99.99, 2.0);   // 0.01% from the mid
  orders.add(1, Side::kBid, 99.0, 2.0);    // exactly max_spread: eligible
  orders.add(2, Side::kAsk, 101.01, 2.0);  // beyond max_spread
  orders.add(3, Side::kAsk, 100.5, 0.25);  // below min_order_amount
  engine::MinerWeights weights;
  rule.weigh(engine::Snapshot{0, 100.0, orders.columns()}, weights);
  CHECK(weights.weight(Side::kBid, 0) == 2.0);
  CHECK(weights.weight(Side::kBid, 1) == 2.0);
  CHECK(weights.weight(Side::kAsk, 2) == 0.0);
  CHECK(weights.weight(Side::kAsk, 3) == 0.0);
}

TEST_CASE("SizeOnlyRule: weighs exactly as Hummingbot's rule with spread_factor 0", "[size_only]") {
  SplitMix random(301);
  for (int trial = 0; trial < 500; ++trial) {
    OrderTable orders;
    random_orders(random, orders, 1 + random.below(40), 5, 2500.0, 0.02);
    engine::SizeOnlyParams size_only;
    size_only.max_spread = 0.02;
    engine::HummingbotParams flat;
    flat.max_spread = 0.02;
    flat.spread_factor = 0.0;
    engine::SizeOnlyRule a(size_only);
    engine::HummingbotRule b(flat);
    engine::MinerWeights wa;
    engine::MinerWeights wb;
    a.weigh(engine::Snapshot{0, 2500.0, orders.columns()}, wa);
    b.weigh(engine::Snapshot{0, 2500.0, orders.columns()}, wb);
    for (std::size_t i = 0; i < orders.size(); ++i) {
      CAPTURE(trial, i);
      CHECK(a.last_order_weights()[i] == b.last_order_weights()[i]);
    }
  }
}
