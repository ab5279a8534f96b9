#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/liquidity.hpp"

using namespace lmsim::analysis;
using Book = std::vector<PriceLevel>;

namespace {

// Mid 100; asks best first.
const Book kAsks{{100.5, 1.0}, {101.0, 2.0}, {102.0, 3.0}};

}  // namespace

TEST_CASE("market_order_slippage: a 3-level book by hand", "[liquidity]") {
  // 4 units: 1 @ 0.5 away, 2 @ 1 away, 1 @ 2 away → Σ|a_i − a_0|·v_i = 0.5 + 2 + 2 = 4.5,
  // S = 4.5 / 4 = 1.125, relative to the mid of 100: 0.01125.
  const MarketOrderSlippage four = market_order_slippage(kAsks, 100.0, 4.0);
  CHECK(four.filled_quantity == 4.0);
  CHECK(four.fill_fraction == 1.0);
  CHECK(four.slippage == Approx(0.01125).margin(1e-15));
  // Inside the best level: its distance from the mid, 0.5%.
  CHECK(market_order_slippage(kAsks, 100.0, 0.5).slippage == Approx(0.005).margin(1e-15));
  // The whole side: (0.5 + 2 + 6) / 6 / 100.
  const MarketOrderSlippage all = market_order_slippage(kAsks, 100.0, 6.0);
  CHECK(all.fill_fraction == 1.0);
  CHECK(all.slippage == Approx(8.5 / 600.0).margin(1e-15));
  // Bids, best (highest) first: 1 @ 0.5 below, 1 of 2 @ 1 below → 1.5 / 2 / 100.
  const Book bids{{99.5, 1.0}, {99.0, 2.0}};
  CHECK(market_order_slippage(bids, 100.0, 2.0).slippage == Approx(0.0075).margin(1e-15));
}

TEST_CASE("market_order_slippage: a book too thin reports the fill fraction and NaN",
          "[liquidity]") {
  const MarketOrderSlippage thin = market_order_slippage(kAsks, 100.0, 10.0);
  CHECK(thin.filled_quantity == 6.0);
  CHECK(thin.fill_fraction == 0.6);
  CHECK(std::isnan(thin.slippage));
  const MarketOrderSlippage empty = market_order_slippage(Book{}, 100.0, 1.0);
  CHECK(empty.filled_quantity == 0.0);
  CHECK(empty.fill_fraction == 0.0);
  CHECK(std::isnan(empty.slippage));
}

TEST_CASE("market_order_slippage: zero levels skipped, binary rounding residue counts as filled",
          "[liquidity]") {
  CHECK(market_order_slippage(Book{{100.5, 0.0}, {101.0, 1.0}}, 100.0, 1.0).slippage ==
        Approx(0.01).margin(1e-15));
  // 0.4 − 0.1 − 0.1 − 0.2 leaves 2.8e-17 in binary; the side holds exactly the order.
  const Book tenths{{101.0, 0.1}, {102.0, 0.1}, {103.0, 0.2}};
  const MarketOrderSlippage exact = market_order_slippage(tenths, 100.0, 0.4);
  CHECK(exact.fill_fraction == 1.0);
  CHECK(exact.filled_quantity == 0.4);
  // (1·0.1 + 2·0.1 + 3·0.2) / 0.4 / 100.
  CHECK(exact.slippage == Approx(0.0225).margin(1e-15));
}

TEST_CASE("market_order_slippage: a level on the wrong side of the mid still costs its distance",
          "[liquidity]") {
  // A stale mid of 101 above an ask at 100.5: |100.5 − 101| = 0.5.
  CHECK(market_order_slippage(Book{{100.5, 1.0}}, 101.0, 1.0).slippage ==
        Approx(0.5 / 101.0).margin(1e-15));
}

TEST_CASE("market_order_slippage: rejects bad input", "[liquidity]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(market_order_slippage(kAsks, 100.0, 0.0),
                    "market_order_slippage: quantity must be finite and > 0");
  CHECK_THROWS_AS(market_order_slippage(kAsks, 100.0, nan), std::invalid_argument);
  CHECK_THROWS_WITH(market_order_slippage(kAsks, 0.0, 1.0),
                    "market_order_slippage: mid must be finite and > 0");
  CHECK_THROWS_AS(market_order_slippage(Book{{-1.0, 1.0}}, 100.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(market_order_slippage(Book{{101.0, -1.0}}, 100.0, 1.0), std::invalid_argument);
}

TEST_CASE("depth_within: quantity and notional inside the band, boundary included", "[liquidity]") {
  // ±1%: 100.5 and 101 (|101 − 100| / 100 = 0.01 exactly).
  const Depth one_percent = depth_within(kAsks, 100.0, 0.01);
  CHECK(one_percent.quantity == 3.0);
  CHECK(one_percent.notional == 100.5 + 202.0);
  const Depth everything = depth_within(kAsks, 100.0, 0.05);
  CHECK(everything.quantity == 6.0);
  CHECK(everything.notional == 100.5 + 202.0 + 306.0);
  const Depth none = depth_within(kAsks, 100.0, 0.0);
  CHECK(none.quantity == 0.0);
  CHECK(none.notional == 0.0);
  // Order does not matter; both sides of a book are summed by the caller.
  const Book bids{{98.0, 4.0}, {99.5, 1.0}};
  CHECK(depth_within(bids, 100.0, 0.01).quantity == 1.0);
  CHECK(depth_within(Book{}, 100.0, 0.01).quantity == 0.0);
  CHECK_THROWS_AS(depth_within(kAsks, 100.0, -0.01), std::invalid_argument);
  CHECK_THROWS_AS(depth_within(kAsks, -5.0, 0.01), std::invalid_argument);
}

TEST_CASE("quoted_spread_bps: spread relative to mid in basis points", "[liquidity]") {
  CHECK(quoted_spread_bps(99.5, 100.5, 100.0) == Approx(100.0).margin(1e-12));
  CHECK(quoted_spread_bps(2999.99, 3000.01, 3000.0) == Approx(0.2 / 3.0).margin(1e-9));
  CHECK(quoted_spread_bps(100.0, 100.0, 100.0) == 0.0);
  CHECK(quoted_spread_bps(100.2, 100.0, 100.1) < 0.0);  // crossed: returned as is
  CHECK_THROWS_AS(quoted_spread_bps(99.0, 101.0, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(quoted_spread_bps(std::numeric_limits<double>::quiet_NaN(), 101.0, 100.0),
                  std::invalid_argument);
}
