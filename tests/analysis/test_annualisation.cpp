#include <catch2/catch.hpp>
#include <stdexcept>

#include "analysis/annualisation.hpp"

using namespace lmsim::analysis;
using namespace lmsim::engine;

TEST_CASE("periods_per_year: a 365.25-day year in minutes, days and weeks", "[annualisation]") {
  CHECK(kNanosPerYear == 31'557'600LL * kNanosPerSecond);
  CHECK(periods_per_year(kNanosPerMinute) == 60.0 * 24.0 * 365.25);
  CHECK(periods_per_year(kNanosPerDay) == 365.25);
  CHECK(periods_per_year(7 * kNanosPerDay) == Approx(365.25 / 7.0).epsilon(1e-15));
  CHECK(periods_per_year(kNanosPerYear) == 1.0);
  CHECK_THROWS_WITH(periods_per_year(0), "periods_per_year: period must be > 0");
  CHECK_THROWS_AS(periods_per_year(-kNanosPerSecond), std::invalid_argument);
}
