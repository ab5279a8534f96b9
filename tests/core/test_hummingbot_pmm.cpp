// Hummingbot's own unit tests of pure market making, ported with their numbers. Each case names
// the Hummingbot test it follows: test/hummingbot/strategy/pure_market_making/<file>::<test> at
// tag v0.45.0 (hummingbot_version "2021"; the numbers are the same at master) unless another tag
// is named. The harness (hummingbot_harness.hpp) rebuilds the tests' MockPaperExchange set-up;
// where lmsim departs on purpose the case says so.
#include <catch2/catch.hpp>

#include "core/hummingbot_harness.hpp"
#include "sim/core/miners/pure_market_making.hpp"

using namespace lmsim;
using namespace lmsim::testing;

namespace {

Nanos at(int seconds) {
  return kT + seconds * kSecond;
}

/// PMMUnitTest.setUp's one_level_strategy: 1% spreads, amount 1, refresh 5 s, filled delay 5 s,
/// tolerance −1 (always refresh), minimum spread −1 (off).
PureMarketMakingParams one_level(HummingbotVersion version = HummingbotVersion::k2021) {
  PureMarketMakingParams params;
  params.hummingbot_version = version;
  params.bid_spread = 1.0;
  params.ask_spread = 1.0;
  params.order_amount = 1.0;
  params.refresh.order_refresh_time = 5 * kSecond;
  params.refresh.filled_order_delay = 5 * kSecond;
  params.refresh.order_refresh_tolerance_pct = -1.0;
  params.minimum_spread = -100.0;
  return params;
}

/// PMMUnitTest.setUp's multi_levels_strategy: 3 levels, level spread 1%, level amount 1.
PureMarketMakingParams multi_levels(HummingbotVersion version = HummingbotVersion::k2021) {
  PureMarketMakingParams params = one_level(version);
  params.order_levels = 3;
  params.order_level_spread = 1.0;
  params.order_level_amount = 1.0;
  return params;
}

HummingbotMarket market(const PureMarketMakingParams& params, double base = 500.0,
                        double quote = 5000.0, HummingbotMarketOptions options = {}) {
  return HummingbotMarket(std::make_unique<PureMarketMaking>(params), base, quote, options);
}

/// The orders' prices, best first, to 1e-9.
bool prices_are(const std::vector<SeenOrder>& orders, const std::vector<double>& expected) {
  if (orders.size() != expected.size()) return false;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    if (std::abs(orders[i].price - expected[i]) > 1e-9) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("Hummingbot PMM: test_basic_one_level", "[hummingbot][pmm]") {
  // test_pmm.py::test_basic_one_level: placed at T+1, refreshed at T+6 (cancel) and T+7 (new).
  HummingbotMarket m = market(one_level());
  m.run_until(at(1));
  REQUIRE(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  CHECK(m.buys()[0].price == Approx(99.0));
  CHECK(m.buys()[0].size == Approx(1.0));
  CHECK(m.sells()[0].price == Approx(101.0));
  const auto first = m.ids();
  m.run_until(at(6));
  CHECK(m.ids().empty());  // cancelled at T+6; Hummingbot waits a tick for the confirmation
  m.run_until(at(7));
  CHECK(m.buys().size() == 1);
  CHECK(m.sells().size() == 1);
  CHECK(m.ids() != first);
  // A sell trade at 98.9 fills the bid at T+8: the ask goes at the cancel timer (T+12), the
  // next pair comes after filled_order_delay (T+8 + 5 < T+14).
  m.run_until(at(8));
  m.trade(false, 100, 98.9);
  CHECK(m.buys().empty());
  CHECK(m.sells().size() == 1);
  m.run_until(at(14));
  CHECK(m.buys().size() == 1);
  CHECK(m.sells().size() == 1);
}

TEST_CASE("Hummingbot PMM: test_basic_one_level_price_type_own_last_trade", "[hummingbot][pmm]") {
  // test_pmm.py::test_basic_one_level_price_type_own_last_trade: no own trade yet → the mid;
  // after the bid fills at 99 the reference is 99.
  PureMarketMakingParams params = one_level();
  params.price_type = PriceType::kLastOwnTradePrice;
  HummingbotMarket m = market(params);
  m.run_until(at(1));
  CHECK(prices_are(m.buys(), {99.0}));
  CHECK(prices_are(m.sells(), {101.0}));
  m.trade(false, 100, 98.9);
  m.run_until(at(7));
  REQUIRE(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  CHECK(m.buys()[0].price == Approx(98.01).epsilon(1e-12));
  CHECK(m.sells()[0].price == Approx(99.99).epsilon(1e-12));
}

TEST_CASE("Hummingbot PMM: test_basic_one_level_price_type", "[hummingbot][pmm]") {
  // test_pmm.py::test_basic_one_level_price_type, one strategy per price type.
  SECTION("last_price: the mid before any trade, then the last trade (98.9)") {
    PureMarketMakingParams params = one_level();
    params.price_type = PriceType::kLastPrice;
    HummingbotMarket m = market(params);
    m.run_until(at(1));
    CHECK(m.buys()[0].price == Approx(99.0));
    CHECK(m.sells()[0].price == Approx(101.0));
    m.trade(false, 100, 98.9);
    m.run_until(at(7));
    REQUIRE(m.buys().size() == 1);
    REQUIRE(m.sells().size() == 1);
    CHECK(m.buys()[0].price == Approx(97.911).epsilon(1e-12));
    CHECK(m.sells()[0].price == Approx(99.889).epsilon(1e-12));
  }
  SECTION("best_bid and best_ask: exact products of the top of book") {
    PureMarketMakingParams bid = one_level();
    bid.price_type = PriceType::kBestBid;
    HummingbotMarket on_bid = market(bid);
    on_bid.run_until(at(1));
    CHECK(on_bid.buys()[0].price == Approx(99.5 * 0.99).epsilon(1e-12));
    CHECK(on_bid.sells()[0].price == Approx(99.5 * 1.01).epsilon(1e-12));
    PureMarketMakingParams ask = one_level();
    ask.price_type = PriceType::kBestAsk;
    HummingbotMarket on_ask = market(ask);
    on_ask.run_until(at(1));
    CHECK(on_ask.buys()[0].price == Approx(100.5 * 0.99).epsilon(1e-12));
    CHECK(on_ask.sells()[0].price == Approx(100.5 * 1.01).epsilon(1e-12));
  }
}

TEST_CASE("Hummingbot PMM: test_basic_multiple_levels", "[hummingbot][pmm]") {
  HummingbotMarket m = market(multi_levels());
  m.run_until(at(1));
  REQUIRE(m.buys().size() == 3);
  REQUIRE(m.sells().size() == 3);
  CHECK(m.buys()[0].price == Approx(99.0));
  CHECK(m.buys()[0].size == Approx(1.0));
  CHECK(m.buys()[1].price == Approx(98.0));
  CHECK(m.buys()[1].size == Approx(2.0));
  CHECK(m.sells()[0].price == Approx(101.0));
  CHECK(m.sells()[2].price == Approx(103.0));
  CHECK(m.sells()[2].size == Approx(3.0));
  const auto first = m.ids();
  m.run_until(at(7));
  CHECK(m.ids().size() == 6);
  CHECK(m.ids() != first);
  m.run_until(at(8));
  m.trade(false, 100, 97.9);  // fills the bids at 99 and 98
  CHECK(m.buys().size() == 1);
  CHECK(m.sells().size() == 3);
  m.run_until(at(14));
  CHECK(m.buys().size() == 3);
  CHECK(m.sells().size() == 3);
}

TEST_CASE("Hummingbot PMM: test_apply_budget_constraint_to_proposal", "[hummingbot][pmm]") {
  // test_pmm.py::test_apply_budget_constraint_to_proposal changes the balances of one running
  // strategy; here each balance starts its own run (lmsim's harness has no manual cancel).
  SECTION("HBOT 50, ETH 0: sells only") {
    HummingbotMarket m = market(multi_levels(), 50.0, 0.0);
    m.run_until(at(1));
    CHECK(m.buys().empty());
    CHECK(m.sells().size() == 3);
  }
  SECTION("HBOT 0, ETH 5000: buys only") {
    HummingbotMarket m = market(multi_levels(), 0.0, 5000.0);
    m.run_until(at(1));
    CHECK(m.buys().size() == 3);
    CHECK(m.sells().empty());
  }
  SECTION("HBOT 6, ETH 586: exactly enough for every order (99 + 196 + 291)") {
    HummingbotMarket m = market(multi_levels(), 6.0, 586.0);
    m.run_until(at(1));
    REQUIRE(m.buys().size() == 3);
    REQUIRE(m.sells().size() == 3);
    CHECK(m.buys()[2].price == Approx(97.0));
    CHECK(m.buys()[2].size == Approx(3.0));
    CHECK(m.sells()[2].price == Approx(103.0));
    CHECK(m.sells()[2].size == Approx(3.0));
  }
}

TEST_CASE("Hummingbot PMM: test_order_quantity_available_balance", "[hummingbot][pmm]") {
  // test_pmm.py::test_order_quantity_available_balance (v0.33+ "shrink, then stop" budget):
  // 3 levels of 100 at one price; 1000 ETH buys 10.1010 at 99, the other levels get nothing.
  // The lot is 1e-4, the mock's size quantum at 10.
  PureMarketMakingParams params = one_level();
  params.order_amount = 100.0;
  params.order_levels = 3;
  params.order_level_amount = 0.0;
  params.order_level_spread = 0.0;
  params.minimum_spread = 0.0;
  HummingbotMarketOptions options;
  options.lot_size = 1e-4;
  HummingbotMarket m = market(params, 10.0, 1000.0, options);
  m.run_until(at(1));
  REQUIRE(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  CHECK(m.buys()[0].size == Approx(10.1010).epsilon(1e-12));
  CHECK(m.sells()[0].size == Approx(10.0));
  HummingbotMarket no_base = market(params, 0.0, 1000.0, options);
  no_base.run_until(at(1));
  CHECK(no_base.buys().size() == 1);
  CHECK(no_base.sells().empty());
}

TEST_CASE("Hummingbot PMM: test_market_become_wider and test_market_became_narrower",
          "[hummingbot][pmm]") {
  SECTION("wider: (90, 110) keeps the mid at 100") {
    HummingbotMarket m = market(one_level());
    m.run_until(at(1));
    m.widen(90, 110);
    m.run_until(at(7));
    CHECK(m.activity().cancels == 2);
    REQUIRE(m.buys().size() == 1);
    CHECK(m.buys()[0].price == Approx(99.0));
    CHECK(m.sells()[0].price == Approx(101.0));
  }
  SECTION("narrower: 99.5 and 100.5 alone") {
    HummingbotMarket m = market(one_level());
    m.run_until(at(1));
    m.apply_diffs({{99.5, 30}}, {{100.5, 30}});
    m.run_until(at(7));
    CHECK(m.activity().cancels == 2);
    REQUIRE(m.buys().size() == 1);
    CHECK(m.buys()[0].price == Approx(99.0));
    CHECK(m.sells()[0].price == Approx(101.0));
  }
}

TEST_CASE("Hummingbot PMM: test_price_band_price_ceiling_breach and floor_breach",
          "[hummingbot][pmm]") {
  SECTION("ceiling 105, mid 107.5: no buys") {
    PureMarketMakingParams params = multi_levels();
    params.price_ceiling = 105.0;
    HummingbotMarket m = market(params);
    m.run_until(at(1));
    CHECK(m.buys().size() == 3);
    CHECK(m.sells().size() == 3);
    m.widen(100, 115);
    m.run_until(at(7));
    CHECK(m.buys().empty());
    CHECK(m.sells().size() == 3);
  }
  SECTION("floor 95, mid 92.5: no sells") {
    PureMarketMakingParams params = multi_levels();
    params.price_floor = 95.0;
    HummingbotMarket m = market(params);
    m.run_until(at(1));
    m.widen(85, 100);
    m.run_until(at(7));
    CHECK(m.buys().size() == 3);
    CHECK(m.sells().empty());
  }
}

TEST_CASE("Hummingbot PMM: test_moving_price_band_price_ceiling_breach and floor_breach",
          "[hummingbot][pmm]") {
  // test_pmm.py::test_moving_price_band_* (v1.5.0+, hummingbot_version "current"): the band
  // set at the first proposal around 100 (−1% … +1%) acts like the static one.
  PureMarketMakingParams params = multi_levels(HummingbotVersion::kCurrent);
  params.moving_price_band_enabled = true;
  params.price_floor_pct = -1.0;
  params.price_ceiling_pct = 1.0;
  SECTION("ceiling") {
    HummingbotMarket m = market(params);
    m.run_until(at(1));
    CHECK(m.buys().size() == 3);
    m.widen(100, 115);
    m.run_until(at(7));
    CHECK(m.buys().empty());
    CHECK(m.sells().size() == 3);
  }
  SECTION("floor") {
    HummingbotMarket m = market(params);
    m.run_until(at(1));
    m.widen(85, 100);
    m.run_until(at(7));
    CHECK(m.buys().size() == 3);
    CHECK(m.sells().empty());
  }
}

TEST_CASE("Hummingbot PMM: test_add_transaction_costs", "[hummingbot][pmm]") {
  // test_pmm.py::test_add_transaction_costs checks only that orders exist (fees 0); lmsim also
  // checks the prices with a 10 bp maker fee: 99 × 0.999 and 101 × 1.001.
  PureMarketMakingParams params = multi_levels();
  params.add_transaction_costs = true;
  HummingbotMarket free = market(params);
  free.run_until(at(1));
  CHECK(free.buys().size() == 3);
  CHECK(free.sells().size() == 3);
  HummingbotMarketOptions fee;
  fee.maker_bps = 10.0;
  HummingbotMarket paid = market(params, 500.0, 5000.0, fee);
  paid.run_until(at(1));
  REQUIRE(paid.buys().size() == 3);
  CHECK(paid.buys()[0].price == Approx(98.901).epsilon(1e-12));
  CHECK(paid.sells()[0].price == Approx(101.101).epsilon(1e-12));
}

TEST_CASE("Hummingbot PMM: test_filled_order_delay", "[hummingbot][pmm]") {
  PureMarketMakingParams params = one_level();
  params.refresh.filled_order_delay = 60 * kSecond;
  HummingbotMarket m = market(params);
  m.run_until(at(7));
  m.trade(true, 100, 101.1);  // fills the ask
  CHECK(m.fills() == 1);
  CHECK(m.buys().size() == 1);
  CHECK(m.sells().empty());
  for (const int second : {15, 30, 45}) {
    m.run_until(at(second));
    CHECK(m.buys().empty());  // the bid went at the cancel timer, T+12
    CHECK(m.sells().empty());
  }
  m.run_until(at(69));
  REQUIRE(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  CHECK(m.buys()[0].price == Approx(99.0));
  CHECK(m.sells()[0].price == Approx(101.0));
  CHECK(m.sells()[0].size == Approx(1.0));
}

TEST_CASE("Hummingbot PMM: test_filled_order_delay_mulitiple_orders", "[hummingbot][pmm]") {
  PureMarketMakingParams params = multi_levels();
  params.refresh.filled_order_delay = 10 * kSecond;
  HummingbotMarket m = market(params);
  m.run_until(at(1));
  m.trade(true, 100, 101.1);  // fills the ask at 101 only
  m.run_until(at(2));
  CHECK(m.fills() == 1);
  CHECK(m.buys().size() == 3);
  CHECK(m.sells().size() == 2);
  m.run_until(at(7));
  CHECK(m.buys().empty());
  CHECK(m.sells().empty());
  m.run_until(at(12));
  CHECK(m.buys().size() == 3);
  CHECK(m.sells().size() == 3);
}

TEST_CASE("Hummingbot PMM: test_order_optimization", "[hummingbot][pmm]") {
  // test_pmm.py::test_order_optimization: book widened to 97.5 / 102.5. Hummingbot gets 97.5001
  // and 102.499 because the mock's quantum is 1e-3 at 102.5; lmsim's single tick of 1e-4 puts
  // the ask one of its ticks in front: 102.4999.
  PureMarketMakingParams params = one_level();
  params.order_optimization_enabled = true;
  HummingbotMarket m = market(params);
  m.widen(98, 102);
  m.run_until(at(1));
  REQUIRE(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  CHECK(m.buys()[0].price == Approx(97.5001).epsilon(1e-12));
  CHECK(m.sells()[0].price == Approx(102.4999).epsilon(1e-12));
}

TEST_CASE("Hummingbot PMM: test_order_optimization_with_multiple_order_levels",
          "[hummingbot][pmm]") {
  // Deeper levels are laid out from the pulled-back top at order_level_spread steps. Hummingbot
  // keeps them unquantized (the exact ratios 0.975, 0.95, 1.025, 1.05); lmsim's orders are whole
  // ticks, so the ratios hold to a tick.
  PureMarketMakingParams params = multi_levels();
  params.order_optimization_enabled = true;
  params.order_level_spread = 2.5;
  HummingbotMarket m = market(params);
  m.widen(98, 102);
  m.run_until(at(1));
  const auto buys = m.buys();
  const auto sells = m.sells();
  REQUIRE(buys.size() == 3);
  REQUIRE(sells.size() == 3);
  CHECK(buys[0].price == Approx(97.5001).epsilon(1e-12));
  CHECK(sells[0].price == Approx(102.4999).epsilon(1e-12));
  CHECK(buys[1].price / buys[0].price == Approx(0.975).margin(1e-4 / 97.5));
  CHECK(buys[2].price / buys[0].price == Approx(0.95).margin(1e-4 / 97.5));
  CHECK(sells[1].price / sells[0].price == Approx(1.025).margin(1e-4 / 102.5));
  CHECK(sells[2].price / sells[0].price == Approx(1.05).margin(1e-4 / 102.5));
}

TEST_CASE("Hummingbot PMM: test_split_order_levels and its order optimization",
          "[hummingbot][pmm]") {
  // test_pmm.py::test_split_order_levels and ::test_order_optimization_with_split_order_levels
  // (v1.5.0+, "current"): spreads [1, 2]% and amounts [1, 2] on the bid side, one ask at 1%.
  PureMarketMakingParams params = one_level(HummingbotVersion::kCurrent);
  params.split_order_levels_enabled = true;
  params.bid_order_level_spreads = {1.0, 2.0};
  params.bid_order_level_amounts = {1.0, 2.0};
  params.ask_order_level_spreads = {1.0, 2.0};
  params.ask_order_level_amounts = {1.0};
  SECTION("without optimization") {
    HummingbotMarket m = market(params);
    m.widen(98, 102);
    m.run_until(at(1));
    CHECK(prices_are(m.buys(), {99.0, 98.0}));
    CHECK(prices_are(m.sells(), {101.0}));
    CHECK(m.buys()[1].size == Approx(2.0));
  }
  SECTION("with optimization: the second bid keeps the spreads' ratio 0.98 / 0.99") {
    params.order_optimization_enabled = true;
    HummingbotMarket m = market(params);
    m.widen(98, 102);
    m.run_until(at(1));
    const auto buys = m.buys();
    REQUIRE(buys.size() == 2);
    CHECK(buys[0].price == Approx(97.5001).epsilon(1e-12));
    CHECK(buys[1].price / buys[0].price == Approx(0.98 / 0.99).margin(1e-4 / 97.5));
    CHECK(m.sells()[0].price == Approx(102.4999).epsilon(1e-12));
  }
}

TEST_CASE("Hummingbot PMM: test_hanging_orders, 2021 rules", "[hummingbot][pmm]") {
  // test_pmm.py::test_hanging_orders @v0.45.0 (HangingOrdersTracker, v0.44+): the ask hangs
  // when the next refresh cancels the rest (T+5), is kept beside the next pair, and goes once
  // the mid moves more than 5% away from it.
  PureMarketMakingParams params = one_level();
  params.refresh.order_refresh_time = 4 * kSecond;
  params.refresh.filled_order_delay = 8 * kSecond;
  params.hanging_orders_enabled = true;
  params.hanging_orders_cancel_pct = 5.0;
  HummingbotMarket m = market(params);
  m.run_until(at(1));
  m.trade(false, 100, 98.9);
  m.run_until(at(2));
  CHECK(m.hanging_count() == 0);
  m.run_until(at(5));
  CHECK(m.fills() == 1);
  CHECK(m.buys().empty());
  REQUIRE(m.sells().size() == 1);
  CHECK(m.sells()[0].hanging);
  m.run_until(at(9));
  CHECK(m.buys().empty());
  CHECK(m.sells().size() == 1);
  m.run_until(at(10));
  CHECK(m.buys().size() == 1);
  CHECK(m.sells().size() == 2);
  CHECK(m.hanging_count() == 1);
  m.widen(80, 100);  // mid 90: the hanging ask at 101 is 12.2% away
  m.run_until(at(11));
  CHECK(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  CHECK_FALSE(m.sells()[0].hanging);
}

TEST_CASE("Hummingbot PMM: test_hanging_orders, 2020 rules", "[hummingbot][pmm]") {
  // test_pmm.py::test_hanging_orders @v0.34.0 (hummingbot_version "2020"): the other side
  // hangs at once, on the fill.
  PureMarketMakingParams params = one_level(HummingbotVersion::k2020);
  params.refresh.order_refresh_time = 4 * kSecond;
  params.refresh.filled_order_delay = 8 * kSecond;
  params.hanging_orders_enabled = true;
  params.hanging_orders_cancel_pct = 5.0;
  HummingbotMarket m = market(params);
  m.run_until(at(1));
  m.trade(false, 100, 98.9);
  m.run_until(at(2));
  CHECK(m.hanging_count() == 1);
  m.run_until(at(5));
  CHECK(m.buys().empty());
  CHECK(m.sells().size() == 1);
  m.run_until(at(10));
  CHECK(m.buys().size() == 1);
  CHECK(m.sells().size() == 2);
  m.widen(80, 100);
  m.run_until(at(11));
  CHECK(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  CHECK_FALSE(m.sells()[0].hanging);
}

TEST_CASE("Hummingbot PMM: test_hanging_orders_multiple_orders, 2021 and 2020 rules",
          "[hummingbot][pmm]") {
  PureMarketMakingParams params = multi_levels();
  params.refresh.order_refresh_time = 4 * kSecond;
  params.refresh.filled_order_delay = 8 * kSecond;
  params.hanging_orders_enabled = true;
  params.hanging_orders_cancel_pct = 5.0;
  SECTION("2021 (v0.45.0): only the filled level's partner hangs") {
    HummingbotMarket m = market(params);
    m.run_until(at(1));
    m.trade(false, 100, 98.9);  // fills the bid at 99
    m.run_until(at(2));
    CHECK(m.fills() == 1);
    CHECK(m.buys().size() == 2);
    CHECK(m.sells().size() == 3);
    CHECK(m.hanging_count() == 0);
    m.run_until(at(5));
    CHECK(m.buys().empty());
    REQUIRE(m.sells().size() == 1);
    CHECK(m.sells()[0].hanging);
    m.run_until(at(13));
    CHECK(m.buys().size() == 3);
    CHECK(m.sells().size() == 4);
    CHECK(m.hanging_count() == 1);
    m.widen(80, 100);
    m.run_until(at(17));
    CHECK(m.buys().size() == 3);
    CHECK(m.sells().size() == 3);
    CHECK(m.hanging_count() == 0);
  }
  SECTION("2020 (v0.34.0): every ask hangs at the fill") {
    params.hummingbot_version = HummingbotVersion::k2020;
    HummingbotMarket m = market(params);
    m.run_until(at(1));
    m.trade(false, 100, 98.9);
    m.run_until(at(2));
    CHECK(m.buys().size() == 2);
    CHECK(m.sells().size() == 3);
    CHECK(m.hanging_count() == 3);
    m.run_until(at(5));
    CHECK(m.buys().empty());
    CHECK(m.sells().size() == 3);
    m.run_until(at(10));
    CHECK(m.buys().size() == 3);
    CHECK(m.sells().size() == 6);
  }
}

TEST_CASE("Hummingbot PMM: test_inventory_skew", "[hummingbot][pmm]") {
  // test_pmm.py::test_inventory_skew: target 90% base, range multiplier 5. After the ask fills
  // (1.5 @ 101): HBOT 498.5, ETH 5151.5, ratios 0.65135 / 1.34865.
  PureMarketMakingParams params = one_level();
  params.inventory_skew_enabled = true;
  params.inventory_target_base_pct = 90.0;
  params.inventory_range_multiplier = 5.0;
  HummingbotMarket m = market(params);
  m.run_until(at(1));
  CHECK(m.buys()[0].size == Approx(0.5));
  CHECK(m.sells()[0].size == Approx(1.5));
  m.trade(true, 5.0, 101.1);
  m.run_until(at(7));
  REQUIRE(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  CHECK(m.buys()[0].size == Approx(0.651349).epsilon(1e-12));
  CHECK(m.sells()[0].size == Approx(1.34865).epsilon(1e-12));
}

TEST_CASE("Hummingbot PMM: test_inventory_skew_multiple_orders", "[hummingbot][pmm]") {
  // test_pmm.py::test_inventory_skew_multiple_orders. The last levels' sizes are 1.95404 and
  // 4.04595 with the mock's 1e-5 quantum; lmsim's lot (1e-6) keeps one more digit.
  PureMarketMakingParams params = one_level();
  params.order_levels = 5;
  params.order_level_spread = 1.0;
  params.order_level_amount = 0.5;
  params.inventory_skew_enabled = true;
  params.inventory_target_base_pct = 90.0;
  params.inventory_range_multiplier = 0.5;
  HummingbotMarket m = market(params);
  m.run_until(at(1));
  REQUIRE(m.buys().size() == 5);
  REQUIRE(m.sells().size() == 5);
  CHECK(m.buys()[0].size == Approx(0.5));
  CHECK(m.sells()[0].size == Approx(1.5));
  CHECK(m.buys()[4].price == Approx(95.0));
  CHECK(m.sells()[4].price == Approx(105.0));
  CHECK(m.buys()[4].size == Approx(1.5));
  CHECK(m.sells()[4].size == Approx(4.5));
  m.trade(true, 5.0, 101.1);
  CHECK(m.buys().size() == 5);
  CHECK(m.sells().size() == 4);
  m.run_until(at(3));
  CHECK(m.fills() == 1);
  m.run_until(at(8));
  REQUIRE(m.buys().size() == 5);
  REQUIRE(m.sells().size() == 5);
  CHECK(m.buys()[0].size == Approx(0.651349).epsilon(1e-12));
  CHECK(m.sells()[0].size == Approx(1.34865).epsilon(1e-12));
  CHECK(m.buys()[4].size == Approx(1.95404).margin(1e-5));
  CHECK(m.sells()[4].size == Approx(4.04595).margin(1e-5));
}

TEST_CASE("Hummingbot PMM: test_inventory_cost_price_del", "[hummingbot][pmm]") {
  // test_pmm.py::test_inventory_cost_price_del (v0.36+): no base at first; a bid filled at 99
  // makes the inventory cost 99; with the mid at 96 the ask stays at 99 × 1.01.
  PureMarketMakingParams params = one_level();
  params.price_type = PriceType::kInventoryCost;
  HummingbotMarket m = market(params, 0.0, 5000.0);
  m.run_until(at(1));
  REQUIRE(m.buys().size() == 1);
  CHECK(m.buys()[0].price == Approx(99.0));
  CHECK(m.sells().empty());  // no base to sell
  m.trade(false, 100, 98.9);
  m.set_balanced_order_book(96, 1, 200, 1, 10);
  m.run_until(at(7));
  REQUIRE(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  CHECK(m.buys()[0].price == Approx(96 * 0.99).epsilon(1e-12));
  CHECK(m.sells()[0].price == Approx(99.99).epsilon(1e-12));
}

TEST_CASE("Hummingbot PMM: test_order_override", "[hummingbot][pmm]") {
  PureMarketMakingParams params = multi_levels();
  params.order_override = {{std::string("buy"), 0.5, 0.7},
                           {std::string("buy"), 1.3, 1.1},
                           {std::string("sell"), 1.1, 2.0}};
  HummingbotMarket m = market(params);
  m.run_until(at(1));
  const auto buys = m.buys();
  const auto sells = m.sells();
  REQUIRE(buys.size() == 2);
  REQUIRE(sells.size() == 1);
  CHECK(buys[0].price == Approx(99.5));
  CHECK(buys[0].size == Approx(0.7));
  CHECK(buys[1].price == Approx(98.7));
  CHECK(buys[1].size == Approx(1.1));
  CHECK(sells[0].price == Approx(101.1));
  CHECK(sells[0].size == Approx(2.0));
}

TEST_CASE("Hummingbot PMM: test_minimum_spread_param", "[hummingbot][pmm]") {
  // test_pmm.py::PureMarketMakingMinimumSpreadUnitTest::test_minimum_spread_param: spreads 5%,
  // refresh 30 s, minimum_spread 0. Orders whose side of the mid turned negative are cancelled
  // and not replaced before the refresh.
  PureMarketMakingParams params = one_level();
  params.bid_spread = 5.0;
  params.ask_spread = 5.0;
  params.refresh.order_refresh_time = 30 * kSecond;
  params.minimum_spread = 0.0;
  HummingbotMarket m = market(params);
  m.run_until(at(1));
  CHECK(prices_are(m.buys(), {95.0}));
  CHECK(prices_are(m.sells(), {105.0}));
  const auto first = m.ids();
  m.run_until(at(2));
  CHECK(m.ids() == first);
  m.apply_diffs({{50, 1000}}, {{50, 1000}});  // best bid 49.5, best ask 50: mid 49.75
  m.run_until(at(3));
  CHECK(m.buys().empty());
  CHECK(m.sells().size() == 1);
  m.run_until(at(32));
  REQUIRE(m.buys().size() == 1);
  REQUIRE(m.sells().size() == 1);
  CHECK(m.sells()[0].price == Approx(49.75 * 1.05).epsilon(1e-12));
  const auto second = m.ids();
  m.run_until(at(36));
  CHECK(m.ids() == second);
  m.widen(0, 0);
  m.apply_diffs({{99, 1000}}, {{101, 1000}});  // best bid 99, best ask 100.5: mid 99.75
  m.run_until(at(40));
  CHECK(m.buys().size() == 1);
  CHECK(m.sells().empty());
}

TEST_CASE("Hummingbot PMM: test_strategy_ping_pong_on_ask_fill and on_bid_fill",
          "[hummingbot][pmm]") {
  // test_pmm_ping_pong.py.
  PureMarketMakingParams params = one_level();
  params.ping_pong_enabled = true;
  SECTION("ask fill") {
    HummingbotMarket m = market(params);
    m.run_until(at(1));
    m.trade(true, 100, 101.1);
    m.run_until(at(2));
    CHECK(m.buys().size() == 1);
    CHECK(m.sells().empty());
    const auto first = m.ids();
    m.run_until(at(7));
    CHECK(m.buys().size() == 1);
    CHECK(m.sells().empty());
    CHECK(m.ids() != first);
    m.trade(false, 100, 98.9);
    m.run_until(at(15));
    CHECK(m.buys().size() == 1);
    CHECK(m.sells().size() == 1);
  }
  SECTION("bid fill") {
    HummingbotMarket m = market(params);
    m.run_until(at(1));
    m.trade(false, 100, 98.9);
    m.run_until(at(2));
    CHECK(m.buys().empty());
    CHECK(m.sells().size() == 1);
    m.run_until(at(7));
    CHECK(m.buys().empty());
    CHECK(m.sells().size() == 1);
    m.trade(true, 100, 101.1);
    m.run_until(at(15));
    CHECK(m.buys().size() == 1);
    CHECK(m.sells().size() == 1);
  }
}

TEST_CASE("Hummingbot PMM: test_multiple_orders_ping_pong", "[hummingbot][pmm]") {
  PureMarketMakingParams params = one_level();
  params.order_levels = 5;
  params.order_level_amount = 1.0;
  params.order_level_spread = 1.0;
  params.ping_pong_enabled = true;
  HummingbotMarket m = market(params);
  m.run_until(at(1));
  CHECK(m.buys().size() == 5);
  CHECK(m.sells().size() == 5);
  m.trade(true, 100, 102.5);  // fills the asks at 101 and 102
  CHECK(m.buys().size() == 5);
  CHECK(m.sells().size() == 3);
  m.run_until(at(2));
  CHECK(m.buys().size() == 5);
  CHECK(m.sells().size() == 3);
  const auto before = m.ids();
  m.run_until(at(7));
  CHECK(m.buys().size() == 5);
  CHECK(m.sells().size() == 3);
  CHECK(m.ids() != before);
  m.trade(false, 100, 98.9);  // fills the bid at 99
  CHECK(m.buys().size() == 4);
  CHECK(m.sells().size() == 3);
  m.run_until(at(13));
  CHECK(m.buys().size() == 4);
  CHECK(m.sells().size() == 3);
  m.trade(false, 100, 97.9);  // fills the new top bid (98): two and two
  CHECK(m.buys().size() == 3);
  CHECK(m.sells().size() == 3);
  m.run_until(at(20));
  CHECK(m.buys().size() == 5);
  CHECK(m.sells().size() == 5);
}

namespace {

/// test_pmm_refresh_tolerance.py's strategies: 1% spreads, amount 1, refresh 4 s, filled delay
/// 8 s, tolerance 0.
PureMarketMakingParams tolerant(int levels, HummingbotVersion version = HummingbotVersion::k2021) {
  PureMarketMakingParams params = one_level(version);
  params.refresh.order_refresh_time = 4 * kSecond;
  params.refresh.filled_order_delay = 8 * kSecond;
  params.refresh.order_refresh_tolerance_pct = 0.0;
  params.order_levels = levels;
  params.order_level_spread = 1.0;
  return params;
}

}  // namespace

TEST_CASE("Hummingbot PMM: test_active_orders_are_cancelled_when_mid_price_moves",
          "[hummingbot][pmm]") {
  // test_pmm_refresh_tolerance.py, one level and five.
  for (const int levels : {1, 5}) {
    CAPTURE(levels);
    HummingbotMarket m = market(tolerant(levels));
    m.run_until(at(1));
    const auto first = m.ids();
    CHECK(first.size() == static_cast<std::size_t>(2 * levels));
    m.run_until(at(3));
    CHECK(m.ids() == first);
    m.apply_diffs({{99.5, 30}}, {{100.1, 30}});  // mid 99.8
    m.run_until(at(6));
    CHECK(m.ids().size() == first.size());
    for (const ClientOrderId id : m.ids()) {
      CHECK(std::find(first.begin(), first.end(), id) == first.end());
    }
  }
}

TEST_CASE("Hummingbot PMM: test_active_orders_are_kept_when_within_tolerance",
          "[hummingbot][pmm]") {
  for (const int levels : {1, 5}) {
    CAPTURE(levels);
    HummingbotMarket m = market(tolerant(levels));
    m.run_until(at(1));
    const auto first = m.ids();
    m.run_until(at(6));
    CHECK(m.ids() == first);
    m.run_until(at(10));
    CHECK(m.ids() == first);
  }
}

TEST_CASE("Hummingbot PMM: test_hanging_orders_multiple_orders_with_refresh_tolerance",
          "[hummingbot][pmm]") {
  PureMarketMakingParams params = tolerant(5);
  params.hanging_orders_enabled = true;
  params.hanging_orders_cancel_pct = 5.0;
  HummingbotMarket m = market(params);
  m.run_until(at(1));
  m.trade(true, 100, 101.1);  // fills the ask at 101
  m.run_until(at(2));
  CHECK(m.buys().size() == 5);
  CHECK(m.sells().size() == 4);
  CHECK(m.hanging_count() == 0);
  m.run_until(at(5));
  REQUIRE(m.buys().size() == 1);
  CHECK(m.sells().empty());
  CHECK(m.buys()[0].hanging);
  m.run_until(at(13));
  CHECK(m.buys().size() == 6);
  CHECK(m.sells().size() == 5);
  CHECK(m.hanging_count() == 1);
  const auto ids = m.ids();
  m.run_until(at(16));
  CHECK(m.ids() == ids);
}

TEST_CASE(
    "Hummingbot PMM: kept orders are compared at every tick from v0.41, a refresh later before",
    "[hummingbot][pmm]") {
  // The test test_pmm_refresh_tolerance.py's notes ask for (its cases pass under both rules):
  // refresh 4 s, tolerance 0, orders kept at T+5; the mid moves before T+6. v0.41+ (commit
  // 94f6833a, "2021") re-prices at T+6 and places at T+7; up to v0.40 ("2020") the kept orders
  // restarted the timers, so the next comparison is at T+9 and new orders come at T+10.
  SECTION("2021: cancelled at T+6, replaced at T+7") {
    HummingbotMarket m = market(tolerant(1, HummingbotVersion::k2021));
    m.run_until(at(5));
    const auto first = m.ids();
    m.apply_diffs({{99.5, 30}}, {{100.1, 30}});
    m.run_until(at(6));
    CHECK(m.ids().empty());
    m.run_until(at(7));
    CHECK(m.ids().size() == 2);
    CHECK(m.ids() != first);
  }
  SECTION("2020: kept until T+9, replaced at T+10") {
    HummingbotMarket m = market(tolerant(1, HummingbotVersion::k2020));
    m.run_until(at(5));
    const auto first = m.ids();
    m.apply_diffs({{99.5, 30}}, {{100.1, 30}});
    m.run_until(at(8));
    CHECK(m.ids() == first);
    m.run_until(at(9));
    CHECK(m.ids().empty());
    m.run_until(at(10));
    CHECK(m.ids().size() == 2);
    CHECK(m.ids() != first);
  }
}

TEST_CASE("Hummingbot PMM: test_no_new_orders_created_until_previous_orders_cancellation_confirmed",
          "[hummingbot][pmm]") {
  // test_pmm.py::test_no_new_orders_created_until_previous_orders_cancellation_confirmed
  // (v0.44+) fakes an in-flight cancel; lmsim's cancellation latency makes a real one (7 s):
  // the orders cancelled at T+6 are confirmed at T+13, and only then replaced.
  HummingbotMarketOptions slow;
  slow.cancellation_latency = 7 * kSecond;
  HummingbotMarket m = market(one_level(), 500.0, 5000.0, slow);
  m.run_until(at(1));
  CHECK(m.ids().size() == 2);
  m.run_until(at(12));
  CHECK(m.ids().size() == 2);  // still resting: the cancels are in flight
  CHECK(m.activity().orders_submitted == 2);
  m.run_until(at(13));
  CHECK(m.activity().orders_submitted == 4);
}

TEST_CASE("Hummingbot PMM: test_strategy_take_if_crossed, ported without an external market",
          "[hummingbot][pmm]") {
  // test_pmm_take_if_cross.py prices off an external market so that the bid crosses the maker
  // book; lmsim has no external price source, so a negative override spread makes the crossing
  // bid (101 against an ask at 100.5). Without take_if_crossed the taker filter drops it; with
  // it the order is a plain limit order and takes at once. Hummingbot's paper exchange fills a
  // crossing order on its next tick, whole, at its own price; lmsim's venue executes it on
  // arrival at the book's prices.
  PureMarketMakingParams params = one_level();
  params.order_override = {{std::string("buy"), -1.0, 1.0}, {std::string("sell"), 1.0, 1.0}};
  params.refresh.order_refresh_time = 3 * kSecond;
  params.refresh.filled_order_delay = 3 * kSecond;
  SECTION("filtered without take_if_crossed") {
    HummingbotMarket m = market(params);
    m.run_until(at(1));
    CHECK(m.buys().empty());
    CHECK(m.sells().size() == 1);
    CHECK(m.account().base == m.spec().lots_floor(500.0));
  }
  SECTION("taken with take_if_crossed") {
    params.take_if_crossed = true;
    HummingbotMarket m = market(params);
    m.run_until(at(1));
    CHECK(m.buys().empty());
    CHECK(m.sells().size() == 1);
    CHECK(m.account().base == m.spec().lots_floor(501.0));
    CHECK(m.account().taker_fills == 1);
    m.run_until(at(5));  // filled at T+1, delay 3 s: new orders at T+5, the bid takes again
    CHECK(m.account().base == m.spec().lots_floor(502.0));
  }
}

TEST_CASE("Hummingbot PMM: max_order_age by release", "[hummingbot][pmm]") {
  // No Hummingbot test exercises it with the mock (order age is wall-clock time there until
  // v1.5); these follow pure_market_making.pyx: c_aged_order_refresh @v0.34.0 re-places each
  // order of age ≥ max_order_age at once; c_cancel_active_orders_on_max_age_limit @v0.45.0
  // cancels all once one is older than max_order_age, and the normal cycle replaces them.
  PureMarketMakingParams params = one_level();
  params.refresh.order_refresh_time = 30 * kSecond;
  params.refresh.order_refresh_tolerance_pct = 0.0;
  params.refresh.max_order_age = 10 * kSecond;
  SECTION("2021: all cancelled at age 11 s, replaced only after the create timer (T+31)") {
    HummingbotMarket m = market(params);
    m.run_until(at(11));
    REQUIRE(m.ids().size() == 2);
    m.run_until(at(12));
    CHECK(m.ids().empty());
    m.run_until(at(31));
    CHECK(m.ids().empty());
    m.run_until(at(32));
    CHECK(m.ids().size() == 2);
  }
  SECTION("2020: re-placed in the same tick at age 10 s") {
    params.hummingbot_version = HummingbotVersion::k2020;
    HummingbotMarket m = market(params);
    m.run_until(at(10));
    const auto first = m.ids();
    REQUIRE(first.size() == 2);
    m.run_until(at(11));
    CHECK(m.ids().size() == 2);
    CHECK(m.ids() != first);
    CHECK(prices_are(m.buys(), {99.0}));
  }
}

TEST_CASE("Hummingbot PMM: test_inventory_skew_calculator's vectors", "[hummingbot][pmm]") {
  // test/hummingbot/strategy/pure_market_making/test_inventory_skew_calculator.py (v0.29+, with
  // the range capped at half the portfolio): base, quote, price, target ratio, base range →
  // bid ratio, ask ratio, to 7 places as Hummingbot asserts them.
  struct Vector {
    double base, quote, price, target, range, bid, ask;
  };
  const std::vector<Vector> vectors = {
      {100, 10, 1, 0.35, 200, 0.0, 2.0},                             // cap_on_max_base_range (1)
      {10, 100, 1, 0.75, 200, 2.0, 0.0},                             // cap_on_max_base_range (2)
      {85000, 10000, 0.0036, 0.03, 20000, 1.04416666, 0.95583333},   // balanced_portfolio
      {8500, 10000, 0.0036, 0.03, 20000, 2.0, 0.0},                  // heavily_skewed (1)
      {200000, 10000, 0.0036, 0.03, 20000, 0.0, 2.0},                // heavily_skewed (2)
      {1000000, 0, 0.0036, 0.03, 20000, 0.0, 2.0},                   // heavily_skewed (3)
      {95000, 10000, 0.0036, 0.03, 20000, 0.55916666, 1.440833333},  // moderately_skewed (1)
      {70000, 10000, 0.0036, 0.03, 20000, 1.77166666, 0.22833333},   // moderately_skewed (2)
      {0, 0, 0.0036, 0.03, 20000, 0.0, 0.0},                         // empty_portfolio (1)
      {0, 10000, 0.0036, 0.03, 20000, 2.0, 0.0},                     // empty_portfolio (2)
      {85000, 10000, 0.0036, 0.03, 0, 0.0, 0.0},                     // empty_portfolio (3)
  };
  for (const Vector& v : vectors) {
    CAPTURE(v.base, v.quote, v.target, v.range);
    const auto [bid, ask] =
        PureMarketMaking::inventory_skew(v.base, v.quote, v.price, v.target, v.range);
    CHECK(bid == Approx(v.bid).margin(1e-7));
    CHECK(ask == Approx(v.ask).margin(1e-7));
  }
}
