#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/step_series.hpp"
#include "support/split_mix.hpp"

using namespace lmsim::analysis;
using lmsim::engine::Nanos;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("StepSeries: value_at is the last sample at or before the instant", "[step_series]") {
  const std::vector<Nanos> times{0, 10, 30};
  const std::vector<double> values{1, 4, 2};
  const StepSeries series(times, values);
  CHECK(std::isnan(series.value_at(-1)));
  CHECK(series.value_at(0) == 1.0);
  CHECK(series.value_at(9) == 1.0);
  CHECK(series.value_at(10) == 4.0);
  CHECK(series.value_at(29) == 4.0);
  CHECK(series.value_at(30) == 2.0);
  CHECK(series.value_at(std::numeric_limits<Nanos>::max()) == 2.0);
  CHECK(std::isnan(StepSeries({}, {}).value_at(0)));
}

TEST_CASE("StepSeries: of samples at the same instant the later one is in force", "[step_series]") {
  const std::vector<Nanos> times{0, 10, 10};
  const std::vector<double> values{1, 2, 3};
  const StepSeries series(times, values);
  CHECK(series.value_at(9) == 1.0);
  CHECK(series.value_at(10) == 3.0);
}

TEST_CASE("StepSeries: rejects unequal lengths and decreasing times", "[step_series]") {
  const std::vector<Nanos> times{0, 10};
  const std::vector<double> one{1};
  CHECK_THROWS_WITH(StepSeries(times, one), "StepSeries: times and values differ in length");
  const std::vector<Nanos> backwards{10, 0};
  const std::vector<double> two{1, 2};
  CHECK_THROWS_WITH(StepSeries(backwards, two), "StepSeries: times must be non-decreasing");
}

TEST_CASE("time_weighted_mean: each value weighted by how long it held", "[step_series]") {
  const std::vector<Nanos> times{0, 10, 30};
  const std::vector<double> values{1, 4, 2};
  const StepSeries series(times, values);
  // (1·10 + 4·20 + 2·10) / 40 = 110 / 40.
  CHECK(time_weighted_mean(series, 40) == 2.75);
  // Ending at the last sample gives it no weight: (10 + 80) / 30.
  CHECK(time_weighted_mean(series, 30) == 3.0);
  // A window not starting at 0.
  const std::vector<Nanos> later{100, 130};
  const std::vector<double> two{6, 0};
  CHECK(time_weighted_mean(StepSeries(later, two), 160) == 3.0);
}

TEST_CASE("time_weighted_mean: empty or zero-length is NaN, NaN in force propagates",
          "[step_series]") {
  CHECK(std::isnan(time_weighted_mean(StepSeries({}, {}), 10)));
  const std::vector<Nanos> one_time{5};
  const std::vector<double> one_value{2};
  CHECK(std::isnan(time_weighted_mean(StepSeries(one_time, one_value), 5)));
  CHECK(time_weighted_mean(StepSeries(one_time, one_value), 50) == 2.0);
  // A NaN overridden at the same instant holds for no time and is ignored…
  const std::vector<Nanos> times{0, 0, 10};
  const std::vector<double> overridden{kNaN, 1, 3};
  CHECK(time_weighted_mean(StepSeries(times, overridden), 20) == 2.0);
  // …but a NaN in force for any time makes the mean NaN.
  const std::vector<double> in_force{1, kNaN, 3};
  CHECK(std::isnan(time_weighted_mean(StepSeries(times, in_force), 20)));
}

TEST_CASE("time_weighted_mean: an end before the last sample is rejected", "[step_series]") {
  const std::vector<Nanos> times{0, 10};
  const std::vector<double> values{1, 2};
  CHECK_THROWS_WITH(time_weighted_mean(StepSeries(times, values), 9),
                    "time_weighted_mean: end is before the last sample");
}

TEST_CASE("time_weighted_mean: durations spanning the whole int64 range stay exact",
          "[step_series]") {
  constexpr Nanos kMin = std::numeric_limits<Nanos>::min();
  constexpr Nanos kMax = std::numeric_limits<Nanos>::max();
  const std::vector<Nanos> times{kMin, 0};
  const std::vector<double> values{1, 3};
  // Halves of 2^63 and 2^63 − 1 ns: the mean is 2 to within one part in 2^63.
  CHECK(time_weighted_mean(StepSeries(times, values), kMax) == Approx(2.0).epsilon(1e-15));
}

TEST_CASE("time_weighted_mean: matches resampling on a fine grid for random series",
          "[step_series]") {
  lmsim::test::SplitMix random(99);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = 1 + random.below(20);
    std::vector<Nanos> times(n);
    std::vector<double> values(n);
    Nanos t = static_cast<Nanos>(random.below(50));
    for (std::size_t i = 0; i < n; ++i) {
      t += static_cast<Nanos>(random.below(5));  // zero steps make same-instant samples
      times[i] = t;
      values[i] = static_cast<double>(random.below(100));
    }
    const Nanos end = t + 1 + static_cast<Nanos>(random.below(10));
    const StepSeries series(times, values);
    // Every nanosecond of [t_0, end) sampled with value_at: the definition, done the slow way.
    double total = 0.0;
    for (Nanos s = times[0]; s < end; ++s) total += series.value_at(s);
    CAPTURE(trial, n);
    CHECK(time_weighted_mean(series, end) ==
          Approx(total / static_cast<double>(end - times[0])).epsilon(1e-12));
  }
}

TEST_CASE("windowed_mean: the mean of what was defined inside the window, and how much was",
          "[step_series]") {
  // (0, 1), (10, NaN), (20, 4), (30, 2): window [5, 35).
  const std::vector<Nanos> times{0, 10, 20, 30};
  const std::vector<double> values{1, kNaN, 4, 2};
  const StepSeries series(times, values);
  const WindowedMean mean = windowed_mean(series, 5, 35);
  // Defined: [5, 10) at 1, [20, 30) at 4, [30, 35) at 2 → (5 + 40 + 10) / 20.
  CHECK(mean.mean == Approx(55.0 / 20.0));
  CHECK(mean.coverage == Approx(20.0 / 30.0));
}

TEST_CASE("windowed_mean: the last sample holds to the window's end, nothing before the first",
          "[step_series]") {
  const std::vector<Nanos> times{10, 20};
  const std::vector<double> values{2, 6};
  const StepSeries series(times, values);
  const WindowedMean mean = windowed_mean(series, 0, 40);
  CHECK(mean.mean == Approx((2.0 * 10 + 6.0 * 20) / 30.0));
  CHECK(mean.coverage == Approx(0.75));
  // A window wholly after the last sample sees the last value.
  CHECK(windowed_mean(series, 100, 200).mean == 6.0);
  CHECK(windowed_mean(series, 100, 200).coverage == 1.0);
}

TEST_CASE("windowed_mean: an empty window, an empty or undefined series", "[step_series]") {
  const std::vector<Nanos> times{0};
  const std::vector<double> values{kNaN};
  CHECK(std::isnan(windowed_mean(StepSeries(times, values), 0, 10).mean));
  CHECK(windowed_mean(StepSeries(times, values), 0, 10).coverage == 0.0);
  CHECK(std::isnan(windowed_mean(StepSeries({}, {}), 0, 10).mean));
  const std::vector<double> one{3};
  CHECK(std::isnan(windowed_mean(StepSeries(times, one), 5, 5).mean));
  CHECK_THROWS_AS(windowed_mean(StepSeries(times, one), 5, 4), std::invalid_argument);
}
