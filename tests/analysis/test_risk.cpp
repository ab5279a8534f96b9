#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/risk.hpp"
#include "support/split_mix.hpp"

using namespace lmsim::analysis;
using namespace lmsim::engine;
using Values = std::vector<double>;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("standard_deviation: population convention", "[risk]") {
  // Mean 5, squared deviations sum to 32, 32 / 8 = 4.
  CHECK(standard_deviation(Values{2, 4, 4, 4, 5, 5, 7, 9}) == 2.0);
  CHECK(standard_deviation(Values{1, 3}) == 1.0);
  CHECK(standard_deviation(Values{7}) == 0.0);
  CHECK(standard_deviation(Values{3, 3, 3}) == 0.0);
  CHECK(std::isnan(standard_deviation(Values{})));
  // A large common offset does not cancel.
  CHECK(standard_deviation(Values{1e9 + 1, 1e9 + 3}) == 1.0);
  CHECK_THROWS_WITH(standard_deviation(Values{1, kNaN}),
                    "standard_deviation: values must be finite");
}

TEST_CASE("fill_markouts: later mid minus price times signed quantity", "[risk]") {
  const std::vector<Nanos> mid_times{0, 10, 20};
  const Values mid_values{100, 101, 99};
  const StepSeries mids(mid_times, mid_values);
  const std::vector<Nanos> times{0, 5, 15, -20, -10};
  const Values prices{99.5, 100.5, 100, 100, 100};
  const Values quantities{2, -1, 1, 1, -3};
  const Values markouts = fill_markouts(times, prices, quantities, mids, 10);
  REQUIRE(markouts.size() == 5);
  CHECK(markouts[0] == 3.0);       // bought 2 @ 99.5, mid 101 at t=10
  CHECK(markouts[1] == -0.5);      // sold 1 @ 100.5, mid 101 at t=15 (last mid at or before)
  CHECK(markouts[2] == -1.0);      // bought 1 @ 100, mid 99 at t=25
  CHECK(std::isnan(markouts[3]));  // t + horizon = −10: no mid yet
  CHECK(markouts[4] == 0.0);       // t + horizon = 0: the mid at exactly 0 counts

  const MarkoutSummary summary = summarise_markouts(markouts, quantities);
  CHECK(summary.total == 1.5);
  CHECK(summary.per_unit == Approx(1.5 / 7.0).epsilon(1e-15));  // |2| + |−1| + |1| + |−3|
  CHECK(summary.marked == 4);
  CHECK(summary.unmarked == 1);
}

TEST_CASE("fill_markouts: horizon 0, saturation at the end of time, later mid at one instant",
          "[risk]") {
  const std::vector<Nanos> mid_times{0, 10, 10};
  const Values mid_values{100, 102, 103};
  const StepSeries mids(mid_times, mid_values);
  const std::vector<Nanos> times{10, std::numeric_limits<Nanos>::max() - 1};
  const Values prices{101, 101};
  const Values quantities{1, -2};
  const Values markouts = fill_markouts(times, prices, quantities, mids, 0);
  CHECK(markouts[0] == 2.0);  // the later of the two mids at t=10
  const Values far = fill_markouts(times, prices, quantities, mids, 1'000);
  CHECK(far[1] == -4.0);  // (103 − 101) · −2, the instant saturating at the largest Nanos
}

TEST_CASE("summarise_markouts: nothing marked", "[risk]") {
  const MarkoutSummary none = summarise_markouts(Values{kNaN, kNaN}, Values{1, 2});
  CHECK(none.total == 0.0);
  CHECK(std::isnan(none.per_unit));
  CHECK(none.marked == 0);
  CHECK(none.unmarked == 2);
  const MarkoutSummary empty = summarise_markouts(Values{}, Values{});
  CHECK(std::isnan(empty.per_unit));
  CHECK(empty.unmarked == 0);
  CHECK_THROWS_AS(summarise_markouts(Values{1}, Values{}), std::invalid_argument);
}

TEST_CASE("fill_markouts: rejects bad input", "[risk]") {
  const std::vector<Nanos> mid_times{0};
  const Values mid_values{100};
  const StepSeries mids(mid_times, mid_values);
  const std::vector<Nanos> times{0};
  CHECK_THROWS_WITH(fill_markouts(times, Values{100}, Values{1, 2}, mids, 0),
                    "fill_markouts: fill times, prices and quantities differ in length");
  CHECK_THROWS_AS(fill_markouts(times, Values{100}, Values{1}, mids, -1), std::invalid_argument);
  CHECK_THROWS_AS(fill_markouts(times, Values{0}, Values{1}, mids, 0), std::invalid_argument);
  CHECK_THROWS_AS(fill_markouts(times, Values{100}, Values{kNaN}, mids, 0), std::invalid_argument);
}

TEST_CASE("realised_volatility: stdev of log returns, annualised by the interval", "[risk]") {
  // Returns ln 1.1 and ln 0.9: population stdev = |ln 1.1 − ln 0.9| / 2.
  const double daily = 0.5 * std::log(1.1 / 0.9);
  CHECK(realised_volatility(Values{100, 110, 99}, kNanosPerDay) ==
        Approx(daily * std::sqrt(365.25)).epsilon(1e-12));
  CHECK(realised_volatility(Values{100, 110, 99}, kNanosPerMinute) ==
        Approx(daily * std::sqrt(525'960.0)).epsilon(1e-12));
  CHECK(realised_volatility(Values{50, 50, 50, 50}, kNanosPerDay) == 0.0);
  CHECK(realised_volatility(Values{50, 60}, kNanosPerDay) == 0.0);  // one return: population
  CHECK(std::isnan(realised_volatility(Values{50}, kNanosPerDay)));
  CHECK(std::isnan(realised_volatility(Values{}, kNanosPerDay)));
  CHECK_THROWS_AS(realised_volatility(Values{50, 0}, kNanosPerDay), std::invalid_argument);
  CHECK_THROWS_AS(realised_volatility(Values{50, 51}, 0), std::invalid_argument);
}

TEST_CASE("realised_volatility: invariant to the price unit on seeded random walks", "[risk]") {
  lmsim::test::SplitMix random(3);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = 2 + random.below(100);
    Values mids(n);
    double mid = 1000.0;
    for (double& value : mids) {
      mid *= 1.0 + (random.uniform() - 0.5) * 0.02;
      value = mid;
    }
    Values cents = mids;
    for (double& value : cents) value *= 100.0;
    const double vol = realised_volatility(mids, kNanosPerMinute);
    CAPTURE(trial, n);
    CHECK(vol >= 0.0);
    CHECK(realised_volatility(cents, kNanosPerMinute) == Approx(vol).epsilon(1e-9).margin(1e-12));
  }
}
