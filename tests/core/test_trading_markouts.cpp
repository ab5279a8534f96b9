#include <catch2/catch.hpp>

#include <limits>

#include "sim/core/miners/trading_markouts.hpp"

using namespace lmsim;
using namespace lmsim::sim::miners;

TEST_CASE("TradingMarkouts: each fill's change valued at the mid its horizon after",
          "[economics]") {
  constexpr engine::Nanos kNever = std::numeric_limits<engine::Nanos>::max();
  // Lots of 0.5 base units, cash units of 0.01 quote; a 300 ns horizon.
  TradingMarkouts markouts(300, 10, 1000);
  CHECK(markouts.next_due() == kNever);
  markouts.record(5, 10, 1000);  // nothing changed: nothing waits
  CHECK(markouts.next_due() == kNever);
  // Bought 2 lots, then 1 more at the same moment: one change of +3 lots for 290 cash units.
  markouts.record(10, 12, 800);
  markouts.record(10, 13, 710);
  // Sold 1 lot for 110 cash units.
  markouts.record(100, 12, 820);
  CHECK(markouts.next_due() == 310);
  markouts.resolve(309, 101.0, 0.5, 0.01);
  CHECK(markouts.total() == 0.0);
  // At 310 the mid is 101: 3 × 0.5 × 101 − 290 × 0.01 = 148.6.
  markouts.resolve(310, 101.0, 0.5, 0.01);
  CHECK(markouts.total() == Approx(148.6));
  CHECK(markouts.next_due() == 400);
  // Resolved late, at the mid then (99): −0.5 × 99 + 1.1 = −48.4. What the inventory would gain
  // at any later mid is not counted.
  markouts.resolve(1000, 99.0, 0.5, 0.01);
  CHECK(markouts.total() == Approx(148.6 - 48.4));
  CHECK(markouts.next_due() == kNever);
  markouts.resolve(2000, 500.0, 0.5, 0.01);
  CHECK(markouts.total() == Approx(100.2));
}
