#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "engine/time_text.hpp"

using namespace lmsim::engine;

TEST_CASE("format_timestamp: ISO 8601 UTC, fractions in groups of three only when needed",
          "[time_text]") {
  CHECK(format_timestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(format_timestamp(1717372920000000000) == "2024-06-03T00:02:00Z");
  CHECK(format_timestamp(1717372953595561371) == "2024-06-03T00:02:33.595561371Z");
  CHECK(format_timestamp(1717372800250000000) == "2024-06-03T00:00:00.250Z");
  CHECK(format_timestamp(1717372800000250000) == "2024-06-03T00:00:00.000250Z");
  CHECK(format_timestamp(951782400000000000) == "2000-02-29T00:00:00Z");  // a leap day
  CHECK(format_timestamp(-1'000'000'000) == "1969-12-31T23:59:59Z");
}

TEST_CASE("format_duration: the units of scenario files, largest first", "[time_text]") {
  const Nanos second = kNanosPerSecond;
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(7 * 86400 * second) == "7d");
  CHECK(format_duration(9000 * second) == "2h30m");
  CHECK(format_duration(90 * second) == "1m30s");
  CHECK(format_duration(250'000'000) == "250ms");
  CHECK(format_duration(-60 * second) == "-1m");
  CHECK(format_duration(std::numeric_limits<Nanos>::min()) == "-106751d23h47m16s854ms775us808ns");
}

TEST_CASE("civil_from_days and days_from_civil are inverse across leap years and eras",
          "[time_text]") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  for (std::int64_t days = -800'000; days <= 800'000; days += 37) {
    const CivilDate date = civil_from_days(days);
    REQUIRE(days_from_civil(date.year, date.month, date.day) == days);
  }
  const CivilDate leap = civil_from_days(days_from_civil(2024, 2, 29));
  CHECK((leap.year == 2024 && leap.month == 2 && leap.day == 29));
}
