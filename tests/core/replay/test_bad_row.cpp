#include <catch2/catch.hpp>

#include "sim/core/replay/bad_row.hpp"

using namespace lmsim::sim::replay;

TEST_CASE("BadRowCounts: one counter per kind, summed across readers", "[replay]") {
  BadRowCounts a;
  a[BadRowKind::kOffTick] = 2;
  a.dropped_rows = 2;
  BadRowCounts b;
  b.crossed_book = 1;
  b.dropped_rows = 5;
  a += b;
  CHECK(a.off_tick == 2);
  CHECK(a.crossed_book == 1);
  CHECK(a.problems() == 3);
  CHECK(a.dropped_rows == 7);
  CHECK(static_cast<const BadRowCounts&>(a)[BadRowKind::kCrossedBook] == 1);
  // Every kind has its own counter and name.
  for (const BadRowKind kind : kAllBadRowKinds) {
    BadRowCounts one;
    one[kind] = 1;
    CHECK(one.problems() == 1);
    CHECK_FALSE(bad_row_kind_name(kind).empty());
  }
  CHECK(bad_row_kind_name(BadRowKind::kNonMonotonicTime) == "non_monotonic_time");
  CHECK(bad_row_kind_name(BadRowKind::kUnknownAggressor) == "unknown_aggressor");
}
