#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/series_reduction.hpp"

using namespace lmsim::analysis;
using lmsim::engine::Nanos;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("reduce_series: few samples in the window pass through unchanged", "[series_reduction]") {
  const std::vector<Nanos> times{0, 10, 20, 30, 40};
  const std::vector<double> values{1, 2, 3, 4, 5};
  const ReducedSeries reduced = reduce_series(times, values, 10, 40, 10, BucketReduction::kMean);
  CHECK(reduced.time == std::vector<Nanos>{10, 20, 30});  // [10, 40)
  CHECK(reduced.value == std::vector<double>{2, 3, 4});
}

TEST_CASE("reduce_series: bucket means at the buckets' middles, NaN skipped",
          "[series_reduction]") {
  const std::vector<Nanos> times{0, 1, 2, 3, 4, 5, 6, 7};
  const std::vector<double> values{1, 3, kNaN, 5, kNaN, kNaN, 2, 4};
  const ReducedSeries reduced = reduce_series(times, values, 0, 8, 4, BucketReduction::kMean);
  CHECK(reduced.time == std::vector<Nanos>{1, 3, 5, 7});  // middles of [0,2), [2,4), …
  REQUIRE(reduced.value.size() == 4);
  CHECK(reduced.value[0] == 2.0);
  CHECK(reduced.value[1] == 5.0);
  CHECK(std::isnan(reduced.value[2]));  // nothing defined in [4, 6)
  CHECK(reduced.value[3] == 3.0);
}

TEST_CASE("reduce_series: kLast keeps each bucket's last sample, exact for running totals",
          "[series_reduction]") {
  const std::vector<Nanos> times{0, 1, 2, 3, 4, 5, 9};
  const std::vector<double> totals{1, 2, 3, 4, 5, 6, 7};
  const ReducedSeries reduced = reduce_series(times, totals, 0, 10, 2, BucketReduction::kLast);
  CHECK(reduced.time == std::vector<Nanos>{4, 9});
  CHECK(reduced.value == std::vector<double>{5, 7});
}

TEST_CASE("reduce_series: a week of seconds becomes at most the bucket count",
          "[series_reduction]") {
  const Nanos second = 1'000'000'000;
  std::vector<Nanos> times;
  std::vector<double> values;
  for (Nanos t = 0; t < 604'800; ++t) {
    times.push_back(t * second);
    values.push_back(static_cast<double>(t % 100));
  }
  const ReducedSeries reduced =
      reduce_series(times, values, 0, 604'800 * second, 600, BucketReduction::kMean);
  CHECK(reduced.time.size() == 600);
  CHECK(std::is_sorted(reduced.time.begin(), reduced.time.end()));
  // 1,008 seconds per bucket: ten cycles of 0..99 (Σ 49,500) and 0..7 (Σ 28).
  CHECK(reduced.value[0] == Approx(49528.0 / 1008.0));
}

TEST_CASE("reduce_series: invalid arguments throw", "[series_reduction]") {
  const std::vector<Nanos> times{0, 1};
  const std::vector<double> values{1, 2};
  CHECK_THROWS_AS(reduce_series(times, std::vector<double>{1}, 0, 2, 1, BucketReduction::kMean),
                  std::invalid_argument);
  CHECK_THROWS_AS(reduce_series(times, values, 0, 2, 0, BucketReduction::kMean),
                  std::invalid_argument);
  CHECK_THROWS_AS(reduce_series(times, values, 2, 0, 1, BucketReduction::kMean),
                  std::invalid_argument);
  CHECK_THROWS_AS(reduce_series(std::vector<Nanos>{1, 0}, values, 0, 2, 1, BucketReduction::kMean),
                  std::invalid_argument);
}
